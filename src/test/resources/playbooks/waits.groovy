// A playbook that waits a minute on a port nothing listens on, for a run to be interrupted mid-step.
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook

description 'Wait on nothing'

step('wait') {
    say 'waiting'
    host.waitHttp('http://127.0.0.1:9/', 200, 60)
}
