package dev.swarmops.doctor

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.node.MissingNode
import dev.swarmops.host.Probe
import spock.lang.Specification

/** A GPU worker's advertised GPUs, runtime, config.toml and toolkit, judged from canned inputs. */
class GpuChecksSpec extends Specification {

    static final String G1 = 'GPU-d0c70000-0000-4000-8000-000000000001'
    static final String G2 = 'GPU-d0c70000-0000-4000-8000-000000000002'
    static final String G3 = 'GPU-d0c70000-0000-4000-8000-000000000003'
    static final JsonNode NO_ENGINE = MissingNode.instance

    static String resources(List<String> entries) {
        '{"node-generic-resources": [' + entries.collect { "\"$it\"" }.join(', ') + ']}'
    }

    def "GPU resources: #what"() {
        given:
        Probe.Result smi = new Probe.Result(exit, output)
        JsonNode live = engine == null ? NO_ENGINE : Fixtures.json(engine)

        when:
        Finding f = GpuChecks.resources(Fixtures.json(file), live, 'nvidia-smi --query-gpu=uuid --format=csv,noheader', smi)

        then:
        f.status() == status
        f.saw().contains(saw)
        f.fix().contains(fix)

        where:
        what                       | file                                                            | exit | output             | engine || status      | saw                                                    | fix
        'match'                    | resources(["NVIDIA-GPU=$G1", "NVIDIA-GPU=$G2"])                  | 0    | "$G1\n$G2\n"       | null   || Status.OK   | "2 GPU(s) advertised, as nvidia-smi lists them: $G1, $G2" | ''
        'match, order aside'       | resources(["NVIDIA-GPU=$G2", "NVIDIA-GPU=$G1", 'OTHER=x'])       | 0    | "$G1\n$G2\n"       | null   || Status.OK   | '2 GPU(s)'                                             | ''
        'nothing advertised'       | '{}'                                                            | 0    | "$G1\n"            | null   || Status.FAIL | 'daemon.json advertises no NVIDIA-GPU'                | 'swarmops worker daemon-json --gpu'
        'a count, not UUIDs'       | resources(['NVIDIA-GPU=2'])                                     | 0    | "$G1\n$G2\n"       | null   || Status.FAIL | 'as a count (2)'                                       | 'advertise each GPU by UUID'
        'one missing, one extra'   | resources(["NVIDIA-GPU=$G1", "NVIDIA-GPU=$G3"])                  | 0    | "$G1\n$G2\n"       | null   || Status.FAIL | "not advertised: [$G2]; advertised but not present: [$G3]" | 'then restart the engine'
        'nvidia-smi missing'       | resources(["NVIDIA-GPU=$G1"])                                   | -1   | 'Cannot run program "nvidia-smi"' | null || Status.WARN | 'gave nothing to compare: cannot run it'          | '--nvidia-smi CMD'
        'nvidia-smi fails'         | resources(["NVIDIA-GPU=$G1"])                                   | 9    | 'NVIDIA-SMI has failed' | null || Status.WARN | 'exit 9: NVIDIA-SMI has failed'                       | 'nvidia-smi -L'
        'nvidia-smi says nonsense' | resources(["NVIDIA-GPU=$G1"])                                   | 0    | 'No devices were found' | null || Status.WARN | "'No devices were found' is not a GPU UUID"         | 'nvidia-smi -L'
        'engine not restarted'     | resources(["NVIDIA-GPU=$G1"])                                   | 0    | "$G1\n"            | '{"GenericResources": []}' || Status.WARN | 'the running engine advertises none'          | 'restart the engine'
        'engine advertises them'   | resources(["NVIDIA-GPU=$G1"])                                   | 0    | "$G1\n"            | """{"GenericResources": [{"NamedResourceSpec": {"Kind": "NVIDIA-GPU", "Value": "$G1"}}]}""" || Status.OK | '1 GPU(s)' | ''
    }

    def "nvidia runtime and default-runtime: #file, engine #engine"() {
        given:
        JsonNode live = engine == null ? NO_ENGINE : Fixtures.json(engine)

        when:
        Finding runtime = GpuChecks.runtime(Fixtures.json(file), live)
        Finding dflt = GpuChecks.defaultRuntime(Fixtures.json(file), live)

        then:
        runtime.status() == runtimeStatus
        dflt.status() == defaultStatus
        dflt.saw().contains(defaultSaw)

        where:
        file                                                                            | engine                                                              || runtimeStatus | defaultStatus | defaultSaw
        '{"runtimes": {"nvidia": {"path": "nvidia-container-runtime"}}, "default-runtime": "nvidia"}' | null                              || Status.OK     | Status.OK     | '"default-runtime": "nvidia"'
        '{}'                                                                            | null                                                                || Status.FAIL   | Status.FAIL   | 'daemon.json sets no "default-runtime" (runc): Swarm services cannot choose a runtime, so a reserved GPU is never bound to the container'
        '{"runtimes": {"nvidia": {"path": "x"}}, "default-runtime": "runc"}'            | null                                                                || Status.OK     | Status.FAIL   | '"default-runtime": "runc"'
        '{"runtimes": {"nvidia": {"path": "x"}}, "default-runtime": "nvidia"}'          | '{"Runtimes": {"runc": {}}, "DefaultRuntime": "runc"}'              || Status.WARN   | Status.WARN   | 'the running engine uses runc'
        '{"runtimes": {"nvidia": {"path": "x"}}, "default-runtime": "nvidia"}'          | '{"Runtimes": {"nvidia": {}}, "DefaultRuntime": "nvidia"}'          || Status.OK     | Status.OK     | '"default-runtime": "nvidia"'
    }

    def "config.toml: #what"() {
        when:
        Finding f = GpuChecks.configToml('/etc/nvidia-container-runtime/config.toml', Optional.ofNullable(text))

        then:
        f.status() == status
        f.saw().contains(saw)
        (f.fix() == '') == (status == Status.OK)

        where:
        what                    | text                                                            || status      | saw
        'the fixture'           | Fixtures.text('config.toml')                                    || Status.OK   | 'swarm-resource = "DOCKER_RESOURCE_NVIDIA-GPU"'
        'commented out'         | '#swarm-resource = "DOCKER_RESOURCE_GPU"\n[nvidia-container-cli]\n' || Status.FAIL | "has '#swarm-resource = \"DOCKER_RESOURCE_GPU\"'"
        'the default variable'  | 'swarm-resource = "DOCKER_RESOURCE_GPU"\n'                      || Status.FAIL | 'the runtime reads DOCKER_RESOURCE_GPU'
        'inside a section'      | '[nvidia-container-cli]\nswarm-resource = "DOCKER_RESOURCE_NVIDIA-GPU"\n' || Status.FAIL | 'has no top-level swarm-resource line'
        'no file'               | null                                                            || Status.FAIL | 'does not exist (is nvidia-container-toolkit installed?)'
    }

    def "toolkit #output: #status"() {
        given:
        Optional<Facts.ToolkitProbe> probe = output == null ? Optional.empty()
                : Optional.of(new Facts.ToolkitProbe(['nvidia-ctk', '--version'], new Probe.Result(0, output)))

        when:
        Finding f = GpuChecks.toolkit(probe, DoctorSettings.TOOLKIT_VERSION)

        then:
        f.status() == status
        f.saw().contains(saw)
        f.fix().contains(fix)

        where:
        output                                         || status      | saw                                                                          | fix
        'NVIDIA Container Toolkit CLI version 1.19.0'  || Status.OK   | 'nvidia-container-toolkit 1.19.0 (nvidia-ctk --version)'                     | ''
        'NVIDIA Container Toolkit CLI version 1.21.1'  || Status.OK   | '1.21.1'                                                                     | ''
        'NVIDIA Container Toolkit CLI version 1.17.8'  || Status.WARN | 'before 1.19.0 every container could see all GPUs (NVIDIA/nvidia-container-toolkit#1599)' | 'upgrade nvidia-container-toolkit to 1.19.0 or newer'
        'something else'                               || Status.WARN | 'printed no version'                                                        | 'nvidia-ctk --version'
        null                                           || Status.FAIL | 'not installed (tried: nvidia-container-toolkit --version; nvidia-ctk --version)' | 'install nvidia-container-toolkit 1.19.0 or newer'
    }
}
