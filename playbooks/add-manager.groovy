// Add this machine to the swarm as a manager (run ON the new node, against its own engine). The
// swarm is read through the manager's Engine endpoint first: the token must be its manager token,
// the swarm must have its majority, and one more manager must not make an even count (2, 4, ...)
// unless --allow-even says so: an even count tolerates no more failures than the odd count below
// it and needs one more manager to answer. The token comes from $JOIN_TOKEN or --token-file,
// never argv. Dry-run by default.
//
//   JOIN_TOKEN=$(docker swarm join-token -q manager)    # on a manager
//   swarmops run playbooks/add-manager.groovy --manager-addr 10.0.0.1:2377 --manager-host tcp://10.0.0.1:2376 \
//       --advertise-addr 10.0.0.2 --allow-even --apply      # 1 -> 2; then the next node: 2 -> 3
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook

description 'Join this machine to the swarm as a manager, checking the token, the majority and the count first.'
option 'manager-addr', type: String, required: true, help: "A manager's swarm address, HOST:2377"
option 'manager-host', type: String, required: true, help: "That manager's Engine endpoint (tcp://HOST:2376 with TLS, or unix://...), to read the managers before joining"
option 'advertise-addr', type: String, help: 'Address the other managers reach this one at (default: the engine picks)'
option 'token-file', type: String, help: 'File holding the manager join token (default: $JOIN_TOKEN)'
option 'allow-even', type: Boolean, destructive: true, help: 'join even though it makes an even number of managers (the first of two)'
option 'wait', type: Integer, default: 120, help: 'seconds to wait until this node is a reachable manager'

step('preflight') {
    def state = swarm.state
    say "engine ${engineVersion}, swarm ${state.localState()}"
    swarm.refuseLiveRestoreUnless(false, 'restart-dockerd')
    managers.preflightJoin(managerAddr: opts.managerAddr, managerHost: opts.managerHost, tokenFile: opts.tokenFile, allowEven: opts.allowEven)
}

step('join as a manager') {
    managers.join(managerAddr: opts.managerAddr, advertiseAddr: opts.advertiseAddr, tokenFile: opts.tokenFile, managerHost: opts.managerHost)
}

step('wait until it is a reachable manager', applyOnly: true) {
    managers.waitReachable(opts.managerHost, opts.wait)
}
