package dev.swarmops.cli;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest, so it cannot drift from the build. */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"swarmops " + (v == null ? "dev" : v)};
    }
}
