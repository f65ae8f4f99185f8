package dev.swarmops.doctor

import dev.swarmops.ops.SwarmState
import spock.lang.Specification

/** This engine's swarm membership and role, against the role doctor checks it as. */
class SwarmStateSpec extends Specification {

    static SwarmState state(String local, boolean manager = false, String error = '') {
        new SwarmState(local, 'abcdefabcdef0123', '10.0.0.5', manager, '', ['10.0.0.1:2377'], error)
    }

    def "swarm state #local as #role: #status"() {
        when:
        Finding f = SwarmChecks.state(state(local, false, error), role, 'node-5')

        then:
        f.status() == status
        f.saw() == saw
        f.fix().contains(fix)

        where:
        local      | error            | role            || status      | saw                                                                     | fix
        'active'   | ''               | Role.CPU_WORKER || Status.OK   | 'active: node node-5 (abcdefabcdef) at 10.0.0.5, managers 10.0.0.1:2377' | ''
        'inactive' | ''               | Role.MANAGER    || Status.FAIL | 'inactive: this engine is in no swarm'                                  | 'swarmops run playbooks/install-manager.groovy --advertise-addr ADDR --apply'
        'inactive' | ''               | Role.GPU_WORKER || Status.FAIL | 'inactive: this engine is in no swarm'                                  | 'swarmops run playbooks/enroll-gpu.groovy --manager-addr MANAGER:2377 --apply'
        'inactive' | ''               | Role.CPU_WORKER || Status.FAIL | 'inactive: this engine is in no swarm'                                  | 'enroll-cpu.groovy'
        'pending'  | ''               | Role.CPU_WORKER || Status.WARN | 'pending: the engine is joining or reconnecting to 10.0.0.1:2377'       | '2377/tcp'
        'locked'   | ''               | Role.MANAGER    || Status.FAIL | 'locked: the swarm is auto-locked and this manager restarted'           | 'docker swarm unlock'
        'error'    | 'cert expired'   | Role.CPU_WORKER || Status.FAIL | 'error: cert expired'                                                   | 'docker swarm leave --force'
    }

    def "node role: a worker checked as manager fails, a manager checked as worker warns"() {
        expect:
        SwarmChecks.role(state('active', true), Role.MANAGER, 'vm').with { status() == Status.OK && saw() == 'vm is a manager, checked as manager' }
        SwarmChecks.role(state('active', false), Role.GPU_WORKER, 'g').with { status() == Status.OK && saw() == 'g is a worker, checked as gpu-worker' }
        SwarmChecks.role(state('active', false), Role.MANAGER, 'w').with {
            status() == Status.FAIL && saw() == 'checked as manager, but w is a swarm worker' && fix().startsWith('run doctor on a manager')
        }
        SwarmChecks.role(state('active', true), Role.CPU_WORKER, 'vm').with {
            status() == Status.WARN && fix().startsWith('drop --role')
        }
    }
}
