package dev.swarmops.playbook;

import dev.swarmops.ops.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A playbook's command line: the runner's own options plus those the playbook declared, parsed
 * strictly (unknown options and wrong types are refused before any engine call).
 */
final class PlaybookArgs {

    private final CommandSpec spec;
    private final ParseResult parsed;
    private final Map<String, Object> values = new LinkedHashMap<>();

    private PlaybookArgs(CommandSpec spec, ParseResult parsed, List<OptionDecl> decls) {
        this.spec = spec;
        this.parsed = parsed;
        for (OptionDecl d : decls) {
            Object v = parsed.matchedOptionValue("--" + d.name(), d.flag() ? Boolean.FALSE : d.defaultValue());
            // --help shows the options before anything is demanded of them
            if (d.required() && v == null && !parsed.isUsageHelpRequested()) {
                throw new BadInputException("option --" + d.name() + " is required (" + d.help() + ")");
            }
            values.put(d.name(), v);
        }
    }

    static PlaybookArgs parse(String name, Playbook pb, List<String> args) {
        CommandSpec spec = CommandSpec.create().name("swarmops run " + name);
        spec.usageMessage().description(pb.getPlaybookDescription());
        builtin(spec, "--apply", boolean.class, "Make the changes (without it: a dry-run that changes nothing).");
        builtin(spec, "--detailed-exitcode", boolean.class, "Exit 2 when a dry-run finds pending changes, 0 when none.");
        builtin(spec, "--plan-json", String.class, "Write the plan as JSON to FILE.");
        builtin(spec, "--config", String.class, "Settings file overlaid on the playbook's defaults.");
        builtin(spec, "--step-timeout", Integer.class, "Seconds one step's own code may run (default " + STEP_TIMEOUT + ").");
        builtin(spec, "--timeout", Integer.class, "Seconds the whole run may take (default " + RUN_TIMEOUT + ").");
        builtin(spec, "--env-file", String.class, "KEY=VALUE lines laid over the environment (docker's --env-file format); keeps secret values out of shell history.");
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this playbook's options.").build());
        for (OptionDecl d : pb.declaredOptions()) {
            OptionSpec.Builder b = OptionSpec.builder("--" + d.name()).type(d.flag() ? boolean.class : d.type())
                    .description(d.help() + (d.destructive() ? " [destructive]" : "")
                            + (d.defaultValue() != null ? " (default: " + d.defaultValue() + ")" : ""));
            if (!d.flag()) {
                b.paramLabel(d.type() == Integer.class ? "N" : "VALUE");
            }
            spec.addOption(b.build());
        }
        try {
            return new PlaybookArgs(spec, new CommandLine(spec).parseArgs(args.toArray(String[]::new)), pb.declaredOptions());
        } catch (CommandLine.ParameterException e) {
            throw new BadInputException(e.getMessage() + " (see 'swarmops run " + name + " --help')");
        }
    }

    private static void builtin(CommandSpec spec, String name, Class<?> type, String help) {
        OptionSpec.Builder b = OptionSpec.builder(name).type(type).description(help);
        if (type == String.class) {
            b.paramLabel("FILE");
        } else if (type == Integer.class) {
            b.paramLabel("SECONDS");
        }
        spec.addOption(b.build());
    }

    boolean help() {
        return parsed.isUsageHelpRequested();
    }

    String usage() {
        return new CommandLine(spec).getUsageMessage();
    }

    boolean apply() {
        return parsed.matchedOptionValue("--apply", false);
    }

    static final int STEP_TIMEOUT = 1800;
    static final int RUN_TIMEOUT = 7200;

    int stepTimeout() {
        return positive("--step-timeout", STEP_TIMEOUT);
    }

    int runTimeout() {
        return positive("--timeout", RUN_TIMEOUT);
    }

    private int positive(String option, int otherwise) {
        Integer v = parsed.matchedOptionValue(option, otherwise);
        if (v <= 0) {
            throw new BadInputException(option + ": " + v + " must be a positive number of seconds");
        }
        return v;
    }

    boolean detailedExitcode() {
        return parsed.matchedOptionValue("--detailed-exitcode", false);
    }

    String planJson() {
        return parsed.matchedOptionValue("--plan-json", null);
    }

    Map<String, Object> values() {
        return values;
    }

    /**
     * The environment the playbook sees: the process's, overlaid by --env-file. Like docker's: '#'
     * comments and blank lines skipped, KEY=VALUE taken as is, a bare KEY copied from the process.
     * A bad line is named by its number only, since it may hold a secret value.
     */
    Map<String, String> env(Map<String, String> process) {
        String file = parsed.matchedOptionValue("--env-file", null);
        if (file == null) {
            return process;
        }
        Map<String, String> out = new java.util.LinkedHashMap<>(process);
        String[] lines = read(Path.of(file), "--env-file").split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new BadInputException("--env-file " + file + ": line " + (i + 1) + " is not KEY=VALUE");
            }
            if (eq >= 0) {
                out.put(key, lines[i].substring(lines[i].indexOf('=') + 1));
            } else if (process.containsKey(key)) {
                out.put(key, process.get(key));
            }
        }
        return out;
    }

    /** The playbook's defaults file (beside it) overlaid by --config. */
    Map<String, Object> settings(Path dir, String defaultsFile) {
        String config = parsed.matchedOptionValue("--config", null);
        if (defaultsFile == null) {
            if (config != null) {
                throw new BadInputException("--config: this playbook declares no settings");
            }
            return Map.of();
        }
        Path defaults = dir.resolve(defaultsFile);
        Map<String, Object> base = Settings.parse(defaults.toString(), read(defaults, "settings file"));
        return config == null ? base : Settings.overlay(base, Settings.parse(config, read(Path.of(config), "--config")), config);
    }

    private static String read(Path p, String what) {
        // a pipe is a file here: --env-file <(pass show platform) keeps the values off the disk
        if (!Files.exists(p) || Files.isDirectory(p)) {
            throw new BadInputException(what + ": no file at " + p);
        }
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
