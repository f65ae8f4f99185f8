package dev.swarmops.playbook;

/**
 * A playbook option: {@code option 'restart-dockerd', type: Boolean, destructive: true, help: '…'}.
 * Destructive options gate steps ({@code step('…', requires: 'restart-dockerd')}).
 */
public record OptionDecl(String name, Class<?> type, Object defaultValue, String help, boolean destructive, boolean required) {

    public OptionDecl {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("option name '" + name + "' must be kebab-case, e.g. restart-dockerd");
        }
        if (type != Boolean.class && type != String.class && type != Integer.class) {
            throw new IllegalArgumentException("option " + name + ": type must be Boolean, String or Integer");
        }
    }

    public boolean flag() {
        return type == Boolean.class;
    }
}
