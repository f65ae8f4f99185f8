package dev.swarmops.cli;

import picocli.CommandLine.Option;

/** {@code --format TEMPLATE} of a command that lists things, as the docker CLI's listing commands take it (see {@link Format}). */
final class FormatOption {

    @Option(names = "--format", paramLabel = "TEMPLATE", description = {
            "Print with a template, as docker does: '{{.Hostname}} {{.Status}}', 'table {{.ID}}\\t{{.Hostname}}', "
                    + "'json' (one object per line), '{{json .}}'. Fields: docs/output.md."})
    String template;

    /** The template checked against these fields, or null for the command's own view; refused with --json. */
    <T> Format<T> parse(Fields<T> fields, Context ctx) {
        if (template == null) {
            return null;
        }
        if (ctx.json()) {
            throw new IllegalArgumentException("--json and --format: give one (--format json prints one JSON object per line, as docker does)");
        }
        return Format.parse(template, fields);
    }
}
