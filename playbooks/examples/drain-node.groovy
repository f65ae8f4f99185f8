// Drain a node for maintenance: stop new work landing on it, wait until the swarm has moved
// its tasks elsewhere, then (with --reactivate) make it active again.
//
//   swarmops run playbooks/examples/drain-node.groovy --node gpu-2                  # plan
//   swarmops run playbooks/examples/drain-node.groovy --node gpu-2 --apply          # drain, wait
//   swarmops run playbooks/examples/drain-node.groovy --node gpu-2 --apply --reactivate
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook

description 'Drain a node, wait for its tasks to move, and optionally re-activate it.'
option 'node', type: String, required: true, help: 'node id, id prefix or hostname'
option 'timeout', type: Integer, default: 300, help: 'seconds to wait for the tasks to move'
option 'reactivate', type: Boolean, destructive: true, help: 'make the node active again afterwards'

step('check the node') {
    def n = nodes.get(opts.node)
    say "${n.hostname()}: ${n.role()}, ${n.availability()}, ${n.status()}, workload ${n.workload() ?: '(none)'}"
    if (n.role() == 'manager' && nodes.list.count { it.role() == 'manager' && it.availability() == 'active' } == 1)
        warn 'this is the only active manager: manager-pinned services (control plane, challenges) will have nowhere to go'
}

step('drain') {
    nodes.drain(opts.node)
}

step('wait for its tasks to move', applyOnly: true) {
    nodes.waitDrained(opts.node, opts.timeout)
}

step('re-activate', requires: 'reactivate') {
    nodes.activate(opts.node)
}
