package dev.swarmops.playbook;

import groovy.lang.Closure;

/**
 * A named step. {@code requires} names the destructive flag without which it is skipped;
 * {@code applyOnly} steps (health checks) have nothing to show in a dry-run.
 */
public record StepDecl(String name, String requires, boolean applyOnly, Closure<?> body) {
}
