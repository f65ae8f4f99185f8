package dev.swarmops.doctor;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/** A {@link Check} from a name and a function of the facts; the finding gets the check's name. */
record Rule(String name, Set<Role> roles, Needs needs, boolean readsHost, Function<Facts, Finding> body) implements Check {

    static final Set<Role> ALL = EnumSet.allOf(Role.class);
    static final Set<Role> MANAGER = EnumSet.of(Role.MANAGER);
    static final Set<Role> GPU = EnumSet.of(Role.GPU_WORKER);

    static Rule engine(String name, Set<Role> roles, Needs needs, Function<Facts, Finding> body) {
        return new Rule(name, roles, needs, false, body);
    }

    static Rule host(String name, Set<Role> roles, Needs needs, Function<Facts, Finding> body) {
        return new Rule(name, roles, needs, true, body);
    }

    @Override
    public Finding run(Facts facts) {
        return body.apply(facts).named(name);
    }
}
