package dev.swarmops.gate;

import java.nio.file.Path;
import java.util.List;

/** Create a directory (and its parents) with a mode, e.g. the broker's workspace bind source. */
public record DirCreate(Path path, String mode) implements Mutation {

    public DirCreate {
        if (!mode.matches("0[0-7]{3}")) {
            throw new IllegalArgumentException("directory mode must be octal like 0755: " + mode);
        }
    }

    @Override
    public String kind() {
        return "dir.create";
    }

    @Override
    public String target() {
        return path.toString();
    }

    @Override
    public Change change() {
        return Change.CREATE;
    }

    @Override
    public List<String> diff() {
        return List.of();
    }

    @Override
    public String cli() {
        return "install -d -m " + mode + " " + CliLine.quote(path.toString());
    }
}
