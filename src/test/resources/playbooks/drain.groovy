// A playbook with a required option and a typed one, for the option parser.
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook

description 'Drain a node'
option 'node', type: String, required: true, help: 'Node to drain'
option 'wait', type: Integer, default: 30, help: 'Seconds to wait for its tasks to move'

step('drain') {
    nodes.drain(opts.node)
}
