// Roll the platform master (and chosen challenge services) to a new image tag, one service at a
// time: each is updated stop-first (its host-mode port cannot be held twice), then watched until
// its rolling update completes, its task runs and, for the master, GET /health answers 200 on its
// published port. One that does not become healthy within --health-timeout is rolled back, and so
// is every service this run upgraded before it, in reverse order: the platform ends as it began.
// A dry-run (the default) shows each image change as a field diff.
//
//   swarmops run playbooks/upgrade.groovy --image-tag 2026.11.2                 # plan
//   swarmops run playbooks/upgrade.groovy --image-tag 2026.11.2 --apply
//   swarmops run playbooks/upgrade.groovy --image-tag 2026.11.2 --challenges agent-challenge --apply
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook

description 'Roll the master services (and chosen challenge services) to a new image tag; roll back what does not become healthy.'
option 'image-tag', type: String, required: true, help: 'the tag to roll to, e.g. 2026.11.2 (the image names stay)'
option 'challenges', type: String, help: 'challenge services to roll too, comma-separated'
option 'health-timeout', type: Integer, default: 120, help: 'seconds each service has to become healthy before it is rolled back'

settings 'install-manager.yaml'

def plan = []   // [service:, from:, to:, url:] in the order rolled

step('preflight') {
    if (!swarm.state.manager()) reject 'run this on a swarm manager'
    if (!(opts.imageTag ==~ /[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}/)) reject "--image-tag: '${opts.imageTag}' is not an image tag"
    def names = [cfg.master.broker.service, cfg.master.proxy.service] + (opts.challenges ?: '').split(',')*.trim().findAll { it }
    names.each { name ->
        if (!services.exists(name)) reject "no service '$name' to upgrade"
        def from = services.image(name)
        // the repository without its tag: a registry host may carry a port (host:5000/repo:tag)
        def repo = from.lastIndexOf(':') > from.lastIndexOf('/') ? from.substring(0, from.lastIndexOf(':')) : from
        def port = name.startsWith('platform-master-') ? services.publishedPort(name) : null
        plan << [service: name, from: from, to: "$repo:${opts.imageTag}".toString(), url: port ? "http://127.0.0.1:$port/health".toString() : null]
    }
    plan.each { say "${it.service}: ${it.from} → ${it.to}${it.url ? ', healthy when ' + it.url + ' answers 200' : ''}" }
}

step('roll, watch, roll back what is unhealthy') {
    def done = []
    for (p in plan) {
        services.upgrade(p.service, p.to)
        done << p
        if (!services.waitHealthy(p.service, p.url, opts.healthTimeout)) {
            done.reverse().each { d ->
                services.rollback(d.service)
                if (!services.waitHealthy(d.service, d.url, 20)) {
                    // seen on Engine 26: the restart of the failed task, held pending by the port, is never
                    // stopped, and the rollback waits on it for good; a new service from the rolled-back spec is not
                    say "${d.service}: the rollback is held up behind a task swarm does not stop; re-creating it from its rolled-back spec"
                    services.recreate(d.service)
                    if (!services.waitHealthy(d.service, d.url, opts.healthTimeout))
                        fail "${d.service} is not healthy after its rollback to ${d.from} either; look at: docker service ps ${d.service}"
                }
            }
            fail "${p.service} did not become healthy on ${p.to}; rolled back ${done*.service.join(', ')} to what they ran before, answering again"
        }
    }
}
