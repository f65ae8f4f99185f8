// Take a manager out of the swarm: demote it, wait until it has left the Raft membership, then
// remove its node. Run against another manager (the local engine or --host). Refused when the
// managers left would lose their majority (the engine would refuse the demotion too) and, unless
// --allow-even says so, when they would be an even count. A node that is down (a dead machine)
// is removed at once; one still up is only forced out with --force-remove. Dry-run by default.
//
//   swarmops run playbooks/remove-manager.groovy --node mgr-3                          # plan
//   swarmops run playbooks/remove-manager.groovy --node mgr-3 --allow-even --apply     # 3 -> 2, then add one
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook

description 'Demote a manager and remove it, keeping the majority and (unless --allow-even) an odd count.'
option 'node', type: String, required: true, help: 'the manager to remove: node id, id prefix or hostname'
option 'allow-even', type: Boolean, destructive: true, help: 'remove it even though an even number of managers is left'
option 'force-remove', type: Boolean, destructive: true, help: 'also force out a node that is still up once demoted'
option 'wait', type: Integer, default: 60, help: 'seconds to wait for the demotion to complete'

def node = null

step('preflight') {
    node = managers.preflightRemove(opts.node, opts.allowEven as boolean)
    say "${node.hostname()}: ${node.role()}, ${node.status()}${node.managerStatus() ? ', ' + node.managerStatus() : ''}, address ${node.addr()}"
}

step('demote') {
    managers.demote(node.id())
}

step('wait until it has left the managers', applyOnly: true) {
    managers.waitDemoted(node.id(), opts.wait)
}

step('remove the node') {
    managers.remove(node.id(), opts.forceRemove as boolean)
}
