// Rotate the swarm's credentials and the platform's secrets, each behind its own flag; a dry-run
// by default. Join tokens: the old one stops working, nodes already in stay. The root CA: every
// node's certificate is reissued (the join tokens change with it), and the run waits until each
// node has its new one. Secrets: Docker secrets are immutable and cannot be read back, so a
// rotation is a new version name-N from the new value, every service that mounts the current
// version switched onto it under the same file name, and - only with --remove-old - the versions
// no service uses any more removed. install-manager.groovy mounts the newest version, so a re-run
// keeps the rotation. The autolock unlock key: a new one, written to a file of the operator's
// (0600), never to the screen.
//
//   swarmops run playbooks/rotate.groovy --worker-token --manager-token --ca          # plan
//   PLATFORM_ADMIN_TOKEN=... swarmops run playbooks/rotate.groovy --secrets platform_admin_token --apply
//   swarmops run playbooks/rotate.groovy --secrets all --env-file new-values.env --apply --remove-old
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook

description 'Rotate join tokens, the swarm root CA, and platform secrets (new versions, services switched, old ones removed).'
option 'worker-token', type: Boolean, destructive: true, help: 'rotate the worker join token'
option 'manager-token', type: Boolean, destructive: true, help: 'rotate the manager join token'
option 'ca', type: Boolean, destructive: true, help: "rotate the swarm's root CA and wait for every node's new certificate"
option 'unlock-key', type: Boolean, destructive: true, help: 'rotate the autolock unlock key; the new key goes to --unlock-key-file (0600), never to the screen'
option 'unlock-key-file', type: String, help: 'where the new unlock key is written, mode 0600 (required with --unlock-key)'
option 'ca-timeout', type: Integer, default: 300, help: 'seconds to wait for every node to have its new certificate'
option 'secrets', type: String, help: "secrets to rotate: 'all' (every platform secret), or names, comma-separated; NAME=VAR reads the new value from \$VAR (default: the variable install-manager.yaml names)"
option 'remove-old', type: Boolean, destructive: true, help: 'remove the versions of the rotated secrets that no service uses any more'
option 'converge-timeout', type: Integer, default: 300, help: 'seconds for the switched services to run on the new versions'

settings 'install-manager.yaml'

def chosen = [:]      // secret base name -> the variable holding its new value
def rotated = [:]     // base name -> [from: version, to: version]

step('preflight') {
    if (!swarm.state.manager()) reject 'run this on a swarm manager'
    def asked = (opts.secrets ?: '').split(',')*.trim().findAll { it }
    if (asked == ['all']) asked = cfg.secrets.keySet().toList()
    asked.each { String spec ->
        def name = spec.contains('=') ? spec.substring(0, spec.indexOf('=')) : spec
        def variable = spec.contains('=') ? spec.substring(spec.indexOf('=') + 1) : cfg.secrets[spec]
        if (!variable) reject "--secrets: no variable for '$name' (not a platform secret in install-manager.yaml): give it as $name=VAR"
        if (!secrets.versions(name)) reject "--secrets: no secret '$name' on this swarm"
        if (!env[variable]) reject "--secrets: \$$variable (the new value of $name) is not set"
        chosen[name] = variable
    }
    if (opts.unlockKey) {
        if (!swarm.autolock) reject 'autolock is off: there is no unlock key to rotate (docker swarm update --autolock=true turns it on)'
        if (!opts.unlockKeyFile) reject '--unlock-key needs --unlock-key-file FILE: the new key must reach you, and it is never printed'
    }
    def what = [opts.workerToken ? 'the worker join token' : null, opts.managerToken ? 'the manager join token' : null,
                opts.ca ? 'the root CA' : null, opts.unlockKey ? 'the unlock key' : null, chosen ? "secrets ${chosen.keySet().join(', ')}" : null].findAll()
    if (!what) reject 'nothing to rotate: give --worker-token, --manager-token, --ca, --unlock-key or --secrets'
    say "rotating: ${what.join('; ')}"
}

step('worker join token', requires: 'worker-token') {
    swarm.rotateToken('worker')
}

step('manager join token', requires: 'manager-token') {
    swarm.rotateToken('manager')
}

step('unlock key', requires: 'unlock-key') {
    swarm.rotateUnlockKey()
    // read after the rotation: at apply this is the new key; keep the file until restarted managers are unlocked with it
    host.writeSecret(opts.unlockKeyFile, swarm.unlockKey, '0600')
}

step('root CA', requires: 'ca') {
    swarm.rotateCa()
}

step('wait for every node to have its new certificate', requires: 'ca', applyOnly: true) {
    swarm.waitCaRotated(opts.caTimeout)
}

step('secrets: new versions') {
    chosen.each { name, variable ->
        def from = secrets.current(name)
        rotated[name] = [from: from, to: secrets.rotate(name, fromEnv: variable)]
        say "$name: $from → ${rotated[name].to}, used by ${services.usingSecret(from).join(', ') ?: 'no service'}"
    }
}

step('switch the services onto them') {
    rotated.each { name, v -> services.usingSecret(v.from).each { svc -> services.swapSecret(svc, v.from, v.to) } }
}

step('wait for the switched services', applyOnly: true) {
    def switched = rotated.values().collectMany { services.usingSecret(it.to) }.unique()
    if (switched) services.waitConverged(switched, opts.convergeTimeout)
}

step('remove the old versions', requires: 'remove-old') {
    // the version switched from goes too: the step before moved every service off it
    rotated.each { name, v ->
        secrets.versions(name).findAll { it != v.to && (it == v.from || !services.usingSecret(it)) }.each { secrets.remove(it) }
    }
}
