package io.containerengine.deployments.web;

import java.util.List;
import java.util.stream.Collectors;

/** Bad input; every violation names the (snake_case) field it is about. */
public class ValidationException extends RuntimeException {

    public record Violation(String field, String reason) {
        @Override
        public String toString() {
            return field + " " + reason;
        }
    }

    private final List<Violation> violations;

    public ValidationException(List<Violation> violations) {
        super("Invalid input: " + violations.stream().map(Violation::field).collect(Collectors.joining(", ")));
        this.violations = List.copyOf(violations);
    }

    public static ValidationException of(String field, String reason) {
        return new ValidationException(List.of(new Violation(field, reason)));
    }

    public List<Violation> violations() {
        return violations;
    }

    /** The fields, for the error message. */
    public String fields() {
        return violations.stream().map(Violation::field).distinct().collect(Collectors.joining(", "));
    }

    /** Every violation, for the error details. */
    public String details() {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
