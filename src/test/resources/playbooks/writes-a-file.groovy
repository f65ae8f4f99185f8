// A playbook that writes a file directly, around the gate. Refused at compile time unless
// --allow-raw-access is given.
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook

description 'Writes a file with java.io.File'
option 'target', type: String, required: true, help: 'File to write'

step('write directly') {
    new File(opts.target).text = 'y'
}
