// Take a worker out of service: stop new work landing on it (pause), let the jobs running there
// finish (a drain would not stop them: swarm leaves a running job task alone), then drain it so
// its services move, and say where they went. No job is stopped unless --stop-jobs says so; a
// step that cannot finish puts the node back as it was.
//
//   swarmops run playbooks/drain-node.groovy --node gpu-2                        # plan
//   swarmops run playbooks/drain-node.groovy --node gpu-2 --apply                # pause, wait, drain
//   swarmops run playbooks/drain-node.groovy --node gpu-2 --apply --reactivate   # ... and back
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook

description 'Drain a worker: pause it, let its running jobs finish (up to --jobs-timeout), move its services, report what moved.'
option 'node', type: String, required: true, help: 'node id, id prefix or hostname'
option 'jobs-timeout', type: Integer, default: 3600, help: 'seconds to let the running jobs finish'
option 'move-timeout', type: Integer, default: 300, help: 'seconds to wait for its other tasks to move'
option 'stop-jobs', type: Boolean, destructive: true, help: 'stop the jobs still running after --jobs-timeout (their services removed), then drain'
option 'allow-manager', type: Boolean, destructive: true, help: 'also drain a manager (its control-plane services move or stop)'
option 'reactivate', type: Boolean, destructive: true, help: 'make the node active again at the end'

def was = null        // the node's availability before this run, restored when a step cannot finish
def hosted = []       // the services that ran there, to say where they went

step('check the node') {
    def n = nodes.get(opts.node)
    was = n.availability()
    say "${n.hostname()}: ${n.role()}, ${n.availability()}, ${n.status()}, workload ${n.workload() ?: '(none)'}"
    if (n.role() == 'manager' && !opts.allowManager)
        reject "${n.hostname()} is a manager: draining it moves or stops the control plane; pass --allow-manager to do it anyway"
    def running = jobs.list.findAll { it.node() == n.hostname() && !it.finished() }*.name()
    hosted = nodes.servicesOn(opts.node) - running
    say "running there: ${running.size()} job(s)${running ? ' (' + running.join(', ') + ')' : ''}, services ${hosted.join(', ') ?: '(none)'}"
}

step('pause: no new work lands on it') {
    nodes.pause(opts.node)
}

step('let its running jobs finish', applyOnly: true) {
    def left = jobs.waitFinishedOn(opts.node, opts.jobsTimeout)
    if (left && !opts.stopJobs) {
        nodes.restore(opts.node, was)
        fail "${left.size()} job(s) still running after ${opts.jobsTimeout}s (${left.join(', ')}); the node is back to $was. " +
             'Wait longer (--jobs-timeout), or pass --stop-jobs to stop them and drain'
    }
    // a drain leaves a running replicated-job task alone: stopping one means removing its service
    left.each { jobs.stop(it) }
}

step('drain: move its services') {
    nodes.drain(opts.node)
}

step('wait for its tasks to move', applyOnly: true) {
    nodes.waitDrained(opts.node, opts.moveTimeout)
    if (hosted) services.waitConverged(hosted, opts.moveTimeout)
    hosted.each { s -> say "moved: $s → ${services.nodesOf(s).join(', ')}" }
}

step('re-activate', requires: 'reactivate') {
    nodes.activate(opts.node)
}
