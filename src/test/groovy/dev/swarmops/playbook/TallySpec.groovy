package dev.swarmops.playbook

import com.fasterxml.jackson.databind.node.MissingNode
import dev.swarmops.gate.ApiRequest
import dev.swarmops.gate.Change
import dev.swarmops.gate.CliLine
import dev.swarmops.gate.EngineCall
import dev.swarmops.gate.FileWrite
import dev.swarmops.gate.Outcome
import dev.swarmops.ops.Jobs
import spock.lang.Specification

import java.nio.file.Path

/** The run's closing line, in Terraform's manner. */
class TallySpec extends Specification {

    static List<Outcome> outcomes(List<Change> changes, boolean applied) {
        changes.withIndex().collect { Change c, int i ->
            new Outcome(new FileWrite(Path.of("/etc/f$i"), 'x', '0644', c, []), applied, MissingNode.instance)
        }
    }

    def "the summary of #changes (#verb) with #unchanged unchanged, #skipped skipped and #drift.size() drifted reads: #text"() {
        given:
        Tally tally = new Tally()
        unchanged.times { tally.countUnchanged() }
        skipped.times { tally.countSkipped() }
        drift.each { tally.drift(it) }

        expect:
        tally.summary(outcomes(changes, applied), applied) == text
        tally.unchanged() == unchanged
        tally.skippedCount() == skipped
        tally.driftList() == drift

        where:
        changes                                                                 | applied | unchanged | skipped | drift                      || text
        []                                                                      | false   | 0         | 0       | []                         || '0 to create, 0 to change, 0 to destroy, 0 unchanged, 0 skipped (flag not given)'
        [Change.CREATE] * 10                                                    | false   | 0         | 3       | []                         || '10 to create, 0 to change, 0 to destroy, 0 unchanged, 3 skipped (flag not given)'
        [Change.CREATE, Change.UPDATE, Change.RUN, Change.DELETE, Change.CREATE] | false   | 4         | 2       | []                         || '2 to create, 2 to change, 1 to destroy, 4 unchanged, 2 skipped (flag not given)'
        [Change.CREATE, Change.UPDATE, Change.RUN, Change.DELETE, Change.CREATE] | true    | 4         | 2       | []                         || '2 created, 2 changed, 1 destroyed, 4 unchanged, 2 skipped (flag not given)'
        []                                                                      | true    | 10        | 3       | []                         || '0 created, 0 changed, 0 destroyed, 10 unchanged, 3 skipped (flag not given)'
        [Change.UPDATE]                                                         | false   | 9         | 3       | ['network platform_jobs']  || '0 to create, 1 to change, 0 to destroy, 9 unchanged, 3 skipped (flag not given), 1 drifted (not replaced)'
        verb = applied ? 'applied' : 'planned'
    }

    def "one-shot tasks are counted as run (#applied), and their removal once ended is no destruction"() {
        given: "a service created, two tasks run and removed, a service removed"
        List<Outcome> outcomes = [engineCall('service.create', Change.CREATE), engineCall(Jobs.TASK_RUN, Change.RUN),
                                  engineCall(Jobs.TASK_REMOVE, Change.DELETE), engineCall(Jobs.TASK_RUN, Change.RUN),
                                  engineCall(Jobs.TASK_REMOVE, Change.DELETE), engineCall('service.remove', Change.DELETE)]

        expect:
        new Tally().summary(outcomes, applied) == text

        where:
        applied || text
        true    || '1 created, 0 changed, 1 destroyed, 2 tasks run, 0 unchanged, 0 skipped (flag not given)'
        false   || '1 to create, 0 to change, 1 to destroy, 2 tasks to run, 0 unchanged, 0 skipped (flag not given)'
    }

    static Outcome engineCall(String kind, Change c) {
        new Outcome(new EngineCall(kind, 'x', c, ApiRequest.delete('/x'), CliLine.docker('x').build()), true, MissingNode.instance)
    }
}
