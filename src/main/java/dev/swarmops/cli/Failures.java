package dev.swarmops.cli;

import dev.swarmops.engine.Endpoint;
import dev.swarmops.engine.EngineException;
import dev.swarmops.engine.EngineUnreachableException;
import dev.swarmops.gate.CommandFailedException;
import dev.swarmops.ops.BadInputException;
import dev.swarmops.ops.Swarm;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * The one place exceptions become exit codes and one-line messages:
 * 0 ok, 1 the engine refused, 2 bad usage or input, 3 engine unreachable.
 */
public final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler, IExitCodeExceptionMapper {

    public static final int REFUSED = 1;
    public static final int BAD_INPUT = 2;
    public static final int UNREACHABLE = 3;

    @Override
    public int getExitCode(Throwable t) {
        if (t instanceof EngineUnreachableException) {
            return UNREACHABLE;
        }
        if (t instanceof BadInputException || t instanceof Endpoint.BadEndpointException || t instanceof ParameterException
                || t instanceof IllegalArgumentException) {
            return BAD_INPUT;
        }
        return REFUSED;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
        print(cl, message(e));
        return getExitCode(e);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        print(cl, e.getMessage() + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        return BAD_INPUT;
    }

    private static String message(Throwable e) {
        if (e instanceof EngineException ee) {
            return "the engine refused: " + ee.getMessage();
        }
        if (e instanceof EngineUnreachableException || e instanceof BadInputException || e instanceof IllegalArgumentException
                || e instanceof Swarm.NotInSwarmException || e instanceof CommandFailedException || e instanceof UncheckedIOException
                || e instanceof dev.swarmops.playbook.PlaybookFailure) {
            return e.getMessage();
        }
        if (e instanceof groovy.lang.MissingMethodException mme) {
            // Groovy's own text lists the argument values, which may be secrets: name their types only
            return "no method " + mme.getMethod() + " takes (" + java.util.Arrays.stream(mme.getArguments())
                    .map(a -> a == null ? "null" : a.getClass().getSimpleName()).collect(java.util.stream.Collectors.joining(", ")) + ")";
        }
        if (e instanceof groovy.lang.MissingPropertyException mpe) {
            return "no such name in the playbook: " + mpe.getProperty() + " (docs/playbooks.md lists the DSL)";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static void print(CommandLine cl, String message) {
        PrintWriter err = cl.getErr();
        String oneLine = message.replace('\n', ' ').strip();
        err.println(Console.forErr(cl).error("swarmops: " + oneLine));
        err.flush();
    }
}
