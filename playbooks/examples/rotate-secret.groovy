// Rotate a secret: Docker secrets are immutable and cannot be read back, so a rotation is a new
// secret (name-N) from the new value, every service that mounts the old one rolled onto it under
// the same file name, and - only with --remove-old - the old versions removed.
//
//   PLATFORM_ADMIN_TOKEN=... swarmops run playbooks/examples/rotate-secret.groovy \
//       --secret platform_admin_token --from-env PLATFORM_ADMIN_TOKEN            # plan
//   ... --apply                                                                  # do it
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook

description 'Rotate a secret and roll the services that use it onto the new value.'
option 'secret', type: String, required: true, help: 'the secret to rotate, e.g. platform_admin_token'
option 'from-env', type: String, required: true, help: 'environment variable holding the NEW value'
option 'remove-old', type: Boolean, destructive: true, help: 'remove the previous versions once no service uses them'

def base = null
def current = null
def next = null

step('find the current version') {
    base = opts.secret
    // versions are base, base-1, base-2 …; the highest number is the current one
    def number = { String name -> name == base ? 0 : (name - "${base}-") as int }
    def versions = ([base] + secrets.labelled('swarmops.rotates', base)).findAll { secrets.exists(it) }
    if (!versions) reject "no secret '$base' to rotate"
    current = versions.max(number)
    next = "${base}-${number(current) + 1}".toString()
    say "current: $current, used by: ${services.usingSecret(current) ?: 'no service'}; next: $next"
}

step('create the new version') {
    secrets.create(next, fromEnv: opts.fromEnv, labels: ['swarmops.rotates': base])
}

step('roll the services onto it') {
    def users = services.usingSecret(current)
    if (!users) say "= no service mounts $current"
    users.each { services.swapSecret(it, current, next) }
}

step('wait for the services to converge', applyOnly: true) {
    def users = services.usingSecret(next)
    if (users) services.waitConverged(users, 120)
}

step('remove the old versions', requires: 'remove-old') {
    ([base] + secrets.labelled('swarmops.rotates', base))
            .findAll { it != next && secrets.exists(it) && !services.usingSecret(it) }
            .each { secrets.remove(it) }
}
