import dev.swarmops.cli.Main;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Build step of {@code mvn package}: shell completion and man pages from swarmops's own picocli
 * model, so neither can drift from the commands. Run from source (not shipped in the jar):
 * <pre>java -cp RUNTIME_CLASSPATH src/release/ReleaseDocs.java OUT_DIR VERSION src/release/completion-run.bash</pre>
 * writes {@code OUT_DIR/completion/swarmops.bash} (picocli's {@link AutoComplete} script plus
 * completion-run.bash, which completes playbook paths picocli cannot know),
 * {@code OUT_DIR/completion/_swarmops} (zsh: the same script through bashcompinit) and
 * {@code OUT_DIR/man/man1/swarmops[-COMMAND…].1.gz}, one page per command.
 *
 * The man pages are roff written here: picocli-codegen's ManPageGenerator writes AsciiDoc, and
 * AsciiDoc becomes roff only through Asciidoctor (Ruby, or AsciidoctorJ on JRuby: tens of MB
 * and seconds of every build), neither of which the build has.
 */
public final class ReleaseDocs {

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        String version = args[1];
        CommandLine root = Main.commandLine();
        root.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));

        Path completion = Files.createDirectories(out.resolve("completion"));
        String bash = AutoComplete.bash("swarmops", root)
                + Files.readString(Path.of(args[2]));
        Files.writeString(completion.resolve("swarmops.bash"), bash);
        Files.writeString(completion.resolve("_swarmops"), "#compdef swarmops\n"
                + "# zsh runs swarmops's bash completion (generated from its picocli model) through bashcompinit,\n"
                + "# which has no compopt: the script's calls of it (file-name marking) do nothing here.\n"
                + "function compopt { return 0; }\n"
                + bash + "\n_bash_complete -F _swarmops_complete -o default\n");

        Path man1 = Files.createDirectories(out.resolve("man/man1"));
        for (CommandLine cl : commands(root, new ArrayList<>())) {
            String name = cl.getCommandSpec().qualifiedName("-");
            // gzip's header has no time in it here (Java writes 0): the same model, the same bytes
            try (OutputStream f = Files.newOutputStream(man1.resolve(name + ".1.gz"));
                 Writer w = new java.io.OutputStreamWriter(new GZIPOutputStream(f), StandardCharsets.UTF_8)) {
                w.write(new ManPage(cl, version).roff());
            }
        }
    }

    /** Every command once, depth first (an alias maps to the same CommandLine). */
    private static List<CommandLine> commands(CommandLine cl, List<CommandLine> all) {
        all.add(cl);
        for (CommandLine sub : new LinkedHashSet<>(cl.getSubcommands().values())) {
            commands(sub, all);
        }
        return all;
    }

    /** One command's page: NAME, SYNOPSIS, DESCRIPTION, ARGUMENTS, OPTIONS, COMMANDS, EXIT STATUS, SEE ALSO. */
    static final class ManPage {
        private final CommandLine cl;
        private final CommandSpec spec;
        private final String version;
        private final StringBuilder r = new StringBuilder();

        ManPage(CommandLine cl, String version) {
            this.cl = cl;
            this.spec = cl.getCommandSpec();
            this.version = version;
        }

        String roff() {
            String[] description = paragraphs(spec.usageMessage().description());
            String summary = summary(spec.usageMessage().description());
            line(".TH " + esc(spec.qualifiedName("-").toUpperCase()) + " 1 \"\" \"swarmops " + esc(version) + "\" \"swarmops manual\"");
            line(".nh"); // option and command names must not be hyphenated at line ends
            section("NAME");
            text(spec.qualifiedName("-") + " - " + summary);
            section("SYNOPSIS");
            String synopsis = cl.getHelp().synopsis(0).replaceAll("\\s+", " ").trim();
            line(".B " + esc(spec.qualifiedName(" ")));
            text(synopsis.substring(spec.qualifiedName(" ").length()).trim());
            section("DESCRIPTION");
            for (int i = 0; i < description.length; i++) {
                if (i > 0) {
                    line(".PP");
                }
                text(description[i]);
            }
            if (!spec.positionalParameters().isEmpty()) {
                section("ARGUMENTS");
                for (PositionalParamSpec p : spec.positionalParameters()) {
                    item("\\fI" + esc(p.paramLabel()) + "\\fR", p.description());
                }
            }
            section("OPTIONS");
            for (OptionSpec o : spec.options()) {
                if (!o.hidden()) {
                    item(optionNames(o), o.description(), o.defaultValueString());
                }
            }
            List<CommandLine> subs = new ArrayList<>(new LinkedHashSet<>(cl.getSubcommands().values()));
            if (!subs.isEmpty()) {
                section("COMMANDS");
                for (CommandLine sub : subs) {
                    item("\\fB" + esc(String.join(", ", sub.getCommandSpec().names())) + "\\fR",
                            sub.getCommandSpec().usageMessage().description());
                }
            }
            exitStatus();
            section("SEE ALSO");
            List<String> see = new ArrayList<>();
            if (spec.parent() != null) {
                see.add(spec.parent().qualifiedName("-"));
            }
            subs.forEach(s -> see.add(s.getCommandSpec().qualifiedName("-")));
            text(String.join(", ", see.stream().map(s -> "\\fB" + esc(s) + "\\fR(1)").toList()), false);
            return r.toString();
        }

        /** A command's own exit codes, else the root's, which hold for every command. */
        private void exitStatus() {
            CommandSpec owner = spec;
            while (owner.usageMessage().exitCodeList().isEmpty() && owner.parent() != null) {
                owner = owner.parent();
            }
            section("EXIT STATUS");
            for (Map.Entry<String, String> e : owner.usageMessage().exitCodeList().entrySet()) {
                item("\\fB" + esc(e.getKey().trim()) + "\\fR", new String[] {e.getValue()});
            }
        }

        private static String optionNames(OptionSpec o) {
            StringBuilder s = new StringBuilder();
            for (String n : o.names()) {
                s.append(s.length() == 0 ? "" : ", ").append("\\fB").append(esc(n)).append("\\fR");
            }
            if (o.arity().max() > 0) {
                s.append("=\\fI").append(esc(o.paramLabel())).append("\\fR");
            }
            return s.toString();
        }

        private void item(String tag, String[] description, String... defaultValue) {
            line(".TP");
            line(tag);
            String def = defaultValue.length == 0 || defaultValue[0] == null ? "" : defaultValue[0];
            for (String p : paragraphs(description)) {
                text(p.replace("${DEFAULT-VALUE}", def));
            }
        }

        private void section(String name) {
            line(".SH " + name);
        }

        private void text(String s) {
            text(esc(s), true);
        }

        /** A line of running text; {@code \&} keeps a leading dot or quote from reading as a request. */
        private void text(String escaped, boolean guard) {
            line((guard && (escaped.startsWith(".") || escaped.startsWith("'")) ? "\\&" : "") + escaped);
        }

        private void line(String s) {
            r.append(s).append('\n');
        }

        /**
         * A description's strings are the lines of one text (help prints them as they are; a page
         * fills its own lines): joined, then split into paragraphs at picocli's explicit %n.
         */
        private static String[] paragraphs(String[] description) {
            return java.util.Arrays.stream(String.join(" ", description).split("%n"))
                    .map(p -> p.replace("%%", "%").trim()).filter(p -> !p.isEmpty()).toArray(String[]::new);
        }

        /** The description's first sentence, to the first of its strings that ends one, without the full stop. */
        private static String summary(String[] description) {
            StringBuilder s = new StringBuilder();
            for (String d : description) {
                s.append(s.length() == 0 ? "" : " ").append(d.trim());
                if (d.trim().endsWith(".")) {
                    break;
                }
            }
            return paragraphs(new String[] {s.toString().replaceAll("\\.$", "")})[0];
        }

        /** roff: a backslash is \e, a hyphen in a name or option is the minus sign \-. */
        private static String esc(String s) {
            return s.replace("\\", "\\e").replace("-", "\\-");
        }
    }
}
