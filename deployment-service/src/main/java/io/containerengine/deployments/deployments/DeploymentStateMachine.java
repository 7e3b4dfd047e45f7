package io.containerengine.deployments.deployments;

import static io.containerengine.contracts.DeploymentStatus.DELETING;
import static io.containerengine.contracts.DeploymentStatus.DEPLOYING;
import static io.containerengine.contracts.DeploymentStatus.FAILED;
import static io.containerengine.contracts.DeploymentStatus.PENDING;
import static io.containerengine.contracts.DeploymentStatus.RUNNING;
import static io.containerengine.contracts.DeploymentStatus.STOPPED;
import static io.containerengine.contracts.DeploymentStatus.UPDATING;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.ObservedPhase;
import io.containerengine.deployments.web.ConflictException;

/**
 * The lifecycle of a deployment: which user commands are allowed in which status, what status they lead to, and
 * how the runtime's observations move it. Every status change goes through {@link #transition}, which refuses
 * anything not in {@link #ALLOWED}.
 *
 * <p>Commands that change the desired state start a new generation; the runtime reports the generation it runs,
 * and observations of older generations are ignored, so {@code updating} lasts until the new generation runs.
 */
public final class DeploymentStateMachine {

    /** What a user can ask of a deployment. */
    public enum Command {
        UPDATE, ROLLBACK, SCALE, STOP, START, DELETE, CHANGE_DOMAINS
    }

    /** The outcome of a command: the status it leads to, or a no-op (the deployment already is there). */
    public record Decision(DeploymentStatus target, boolean noOp) {
        static Decision to(DeploymentStatus target) {
            return new Decision(target, false);
        }

        static Decision stay(DeploymentStatus current) {
            return new Decision(current, true);
        }
    }

    /** Every status change that may happen, by command or by observation. {@code deleting} is final. */
    static final Map<DeploymentStatus, Set<DeploymentStatus>> ALLOWED = new EnumMap<>(DeploymentStatus.class);

    static {
        ALLOWED.put(PENDING, EnumSet.of(DEPLOYING, UPDATING, RUNNING, STOPPED, FAILED, DELETING));
        ALLOWED.put(DEPLOYING, EnumSet.of(DEPLOYING, UPDATING, RUNNING, STOPPED, FAILED, DELETING));
        ALLOWED.put(UPDATING, EnumSet.of(UPDATING, RUNNING, STOPPED, FAILED, DELETING));
        ALLOWED.put(RUNNING, EnumSet.of(RUNNING, UPDATING, STOPPED, FAILED, DELETING));
        ALLOWED.put(STOPPED, EnumSet.of(STOPPED, DEPLOYING, UPDATING, FAILED, DELETING));
        ALLOWED.put(FAILED, EnumSet.of(FAILED, DEPLOYING, UPDATING, RUNNING, STOPPED, DELETING));
        ALLOWED.put(DELETING, EnumSet.noneOf(DeploymentStatus.class));
    }

    private DeploymentStateMachine() {
    }

    /** Whether {@code from → to} is a legal change (staying put always is). */
    public static boolean canTransition(DeploymentStatus from, DeploymentStatus to) {
        return from == to || ALLOWED.get(from).contains(to);
    }

    /** Checks a change; an illegal one is a bug in the caller, not a user error. */
    static DeploymentStatus transition(DeploymentStatus from, DeploymentStatus to) {
        if (!canTransition(from, to)) {
            throw new IllegalStateException("illegal status change " + from.value() + " -> " + to.value());
        }
        return to;
    }

    /** Update and rollback: a new configuration rolls out, unless it asks for no replicas at all. */
    public static Decision rollout(DeploymentStatus current, Command command, int replicas) {
        refuseWhileDeleting(current, command);
        return Decision.to(transition(current, replicas == 0 ? STOPPED : UPDATING));
    }

    /**
     * Scale: 0 is {@code stopped}; a running (or updating) deployment keeps serving while replicas are added or
     * removed; anything else starts anew.
     */
    public static Decision scale(DeploymentStatus current, int currentReplicas, int replicas) {
        refuseWhileDeleting(current, Command.SCALE);
        if (replicas == 0) {
            return current == STOPPED ? Decision.stay(current) : Decision.to(transition(current, STOPPED));
        }
        if (replicas == currentReplicas && current != FAILED && current != STOPPED) {
            return Decision.stay(current);
        }
        DeploymentStatus target = switch (current) {
            case RUNNING -> RUNNING;
            case UPDATING -> UPDATING;
            default -> DEPLOYING;
        };
        return Decision.to(transition(current, target));
    }

    /** Stop: a stopped deployment stays stopped (a no-op). */
    public static Decision stop(DeploymentStatus current) {
        refuseWhileDeleting(current, Command.STOP);
        return current == STOPPED ? Decision.stay(current) : Decision.to(transition(current, STOPPED));
    }

    /** Start: brings a stopped deployment back, retries a failed one; running or starting ones are a no-op. */
    public static Decision start(DeploymentStatus current) {
        refuseWhileDeleting(current, Command.START);
        return switch (current) {
            case STOPPED, FAILED -> Decision.to(transition(current, DEPLOYING));
            default -> Decision.stay(current);
        };
    }

    /** Delete: repeated while deleting it is a no-op. */
    public static Decision delete(DeploymentStatus current) {
        return current == DELETING ? Decision.stay(current) : Decision.to(transition(current, DELETING));
    }

    /** Domains may change in every status but {@code deleting}. */
    public static void requireDomainsChangeable(DeploymentStatus current) {
        refuseWhileDeleting(current, Command.CHANGE_DOMAINS);
    }

    /**
     * The status an observation of the current generation leads to; {@code null} when it changes nothing.
     * While deleting only the runtime's {@code deleted} counts (the caller then removes the row).
     */
    public static DeploymentStatus observed(DeploymentStatus current, ObservedPhase phase) {
        if (current == DELETING) {
            return null;
        }
        DeploymentStatus target = switch (phase) {
            // Replicas are coming up. A running or updating deployment keeps that status meanwhile: its previous
            // replicas still serve (scale, rolling update); the status endpoint shows ready vs desired.
            case DEPLOYING -> switch (current) {
                case RUNNING, UPDATING -> current;
                case STOPPED -> null; // a late report of the generation before the stop
                default -> DEPLOYING;
            };
            case RUNNING -> current == STOPPED ? null : RUNNING;
            case STOPPED -> STOPPED;
            case FAILED -> FAILED;
            case DELETED -> null; // deletion is driven by deployment-service itself
        };
        return target == null ? null : transition(current, target);
    }

    private static void refuseWhileDeleting(DeploymentStatus current, Command command) {
        if (current == DELETING) {
            throw new ConflictException("Deployment is being deleted",
                    command.name().toLowerCase().replace('_', ' ') + " is not possible while the deployment is deleting");
        }
    }
}
