package io.containerengine.deployments.deployments;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.containerengine.contracts.DeploymentDesiredState.HealthCheck;
import io.containerengine.contracts.DeploymentDesiredState.Resources;
import io.containerengine.deployments.config.DeploymentsProperties;
import io.containerengine.deployments.deployments.CreateDeploymentRequest.HealthCheckDto;
import io.containerengine.deployments.deployments.CreateDeploymentRequest.RegistryAuthDto;
import io.containerengine.deployments.deployments.CreateDeploymentRequest.ResourcesDto;
import io.containerengine.deployments.web.ValidationException;
import io.containerengine.deployments.web.ValidationException.Violation;

/**
 * The one place that decides what a valid deployment configuration is, for create, update, scale and rollback.
 * Collects every violation so that the user can fix them all at once.
 */
@Component
public class DeploymentValidator {

    static final int DEFAULT_PORT = 80;
    static final int DEFAULT_REPLICAS = 1;
    static final int MAX_APP_NAME = 40;
    static final int MAX_IMAGE = 255;
    static final int MAX_ENV_VARS = 100;
    static final int MAX_ENV_VALUE_BYTES = 32 * 1024;
    static final int MAX_ENV_NAME = 255;
    static final long MIN_CPU_MILLIS = 10;
    static final long MAX_CPU_MILLIS = 8_000;
    static final long MIN_MEMORY_BYTES = 6L * 1024 * 1024;
    static final long MAX_MEMORY_BYTES = 32L * 1024 * 1024 * 1024;
    static final int MAX_HEALTH_SECONDS = 3_600;
    static final int MAX_FAILURE_THRESHOLD = 100;
    static final String DEFAULT_REGISTRY = "docker.io";
    static final String ENV_VARS = "env_vars";
    static final String SECRET_ENV_VARS = "secret_env_vars";

    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CPU = Pattern.compile("(\\d+)m|(\\d+(?:\\.\\d{1,3})?)");
    private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?");
    private static final Pattern HEALTH_PATH = Pattern.compile("/[\\x21-\\x7e]*");

    // OCI / distribution reference grammar: [registry[:port]/]path[:tag][@digest], lower-case path components.
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?";
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern PATH_COMPONENT_PATTERN = Pattern.compile(PATH_COMPONENT);
    private static final Pattern IMAGE = Pattern.compile("(?:(" + DOMAIN + ")/)?(" + PATH_COMPONENT
            + "(?:/" + PATH_COMPONENT + ")*)(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");

    private final DeploymentsProperties properties;

    public DeploymentValidator(DeploymentsProperties properties) {
        this.properties = properties;
    }

    /** Validates a create request and applies defaults; throws {@link ValidationException} naming every bad field. */
    public DeploymentSpec validateCreate(CreateDeploymentRequest request) {
        if (request == null) {
            throw ValidationException.of("body", "is required");
        }
        List<Violation> violations = new ArrayList<>();
        checkAppName(request.appName(), violations);
        checkImage(request.image(), "image", violations);
        int port = request.port() == null ? DEFAULT_PORT : request.port();
        checkPort(port, violations);
        int replicas = request.replicas() == null ? DEFAULT_REPLICAS : request.replicas();
        checkReplicas(replicas, "replicas", violations);
        Map<String, String> env = request.envVars() == null ? Map.of() : request.envVars();
        checkEnvVars(env, ENV_VARS, violations);
        Map<String, String> secrets = request.secretEnvVars() == null ? Map.of() : request.secretEnvVars();
        checkEnvVars(secrets, SECRET_ENV_VARS, violations);
        checkMasks(secrets, Set.of(), violations);
        checkPlainOrSecret(env.keySet(), secrets.keySet(), violations);
        Resources resources = resources(request.resources(), violations);
        HealthCheck healthCheck = healthCheck(request.healthCheck(), violations);
        DeploymentSpec.Credentials credentials = registryAuth(request.registryAuth(), request.image(), violations);
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        return new DeploymentSpec(request.appName(), request.image(), port, new LinkedHashMap<>(env),
                new LinkedHashMap<>(secrets), replicas, resources, healthCheck, credentials);
    }

    /**
     * Validates an update against the current deployment and returns the whole new configuration (absent fields
     * keep their value). {@code registryAuth} and {@code secretEnvVars} of the result are null unless new ones were
     * sent.
     */
    public DeploymentSpec validateUpdate(UpdateDeploymentRequest request, Deployment current) {
        if (request == null) {
            throw ValidationException.of("body", "is required");
        }
        if (request.changesNothing()) {
            throw ValidationException.of("body",
                    "must set at least one of image, port, env_vars, secret_env_vars, replicas, resources,"
                            + " health_check, registry_auth");
        }
        List<Violation> violations = new ArrayList<>();
        if (request.appName() != null && !request.appName().equals(current.appName())) {
            violations.add(new Violation("app_name", "cannot be changed"));
        }
        String image = request.image() == null ? current.image() : request.image();
        if (request.image() != null) {
            checkImage(request.image(), "image", violations);
        }
        int port = request.port() == null ? current.port() : request.port();
        checkPort(port, violations);
        int replicas = request.replicas() == null ? current.replicas() : request.replicas();
        checkReplicas(replicas, "replicas", violations);
        Map<String, String> env = request.envVars() == null ? current.envVars() : request.envVars();
        checkEnvVars(env, ENV_VARS, violations);
        Map<String, String> secrets = request.secretEnvVars();
        if (secrets != null) {
            checkEnvVars(secrets, SECRET_ENV_VARS, violations);
            checkMasks(secrets, current.secretEnvVarsCiphertext().keySet(), violations);
        }
        checkPlainOrSecret(env.keySet(),
                secrets != null ? secrets.keySet() : current.secretEnvVarsCiphertext().keySet(), violations);
        Resources resources = current.resources();
        if (request.resources() != null) {
            Resources given = resources(request.resources(), violations);
            resources = new Resources(given.cpu() != null ? given.cpu() : current.resources().cpu(),
                    given.memory() != null ? given.memory() : current.resources().memory());
        }
        HealthCheck healthCheck = request.healthCheck() == null ? current.healthCheck()
                : healthCheck(request.healthCheck(), violations);
        DeploymentSpec.Credentials credentials = registryAuth(request.registryAuth(), image, violations);
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        return new DeploymentSpec(current.appName(), image, port, new LinkedHashMap<>(env),
                secrets == null ? null : new LinkedHashMap<>(secrets), replicas, resources, healthCheck, credentials);
    }

    /** The replicas a scale asks for. */
    public int validateScale(ScaleDeploymentRequest request) {
        if (request == null) {
            throw ValidationException.of("body", "is required");
        }
        if (request.replicas() == null) {
            throw ValidationException.of("replicas", "is required");
        }
        List<Violation> violations = new ArrayList<>();
        checkReplicas(request.replicas(), "replicas", violations);
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        return request.replicas();
    }

    /** The revision a rollback asks for. */
    public int validateRollback(RollbackRequest request) {
        if (request == null) {
            throw ValidationException.of("body", "is required");
        }
        if (request.revision() == null) {
            throw ValidationException.of("revision", "is required");
        }
        if (request.revision() < 1) {
            throw ValidationException.of("revision", "must be a positive integer");
        }
        return request.revision();
    }

    void checkAppName(String appName, List<Violation> violations) {
        if (appName == null || appName.isEmpty()) {
            violations.add(new Violation("app_name", "is required"));
        } else if (appName.length() > MAX_APP_NAME || !APP_NAME.matcher(appName).matches()) {
            violations.add(new Violation("app_name", "must be a DNS-1123 label of 1-" + MAX_APP_NAME
                    + " characters: lower-case letters, digits and '-', starting and ending with a letter or digit"));
        }
    }

    void checkImage(String image, String field, List<Violation> violations) {
        if (image == null || image.isBlank()) {
            violations.add(new Violation(field, "is required"));
        } else if (!isValidImage(image)) {
            violations.add(new Violation(field,
                    "must be a valid image reference [registry[:port]/]repository[:tag][@digest] with a lower-case"
                            + " repository, at most " + MAX_IMAGE + " characters"));
        }
    }

    void checkPort(int port, List<Violation> violations) {
        if (port < 1 || port > 65_535) {
            violations.add(new Violation("port", "must be between 1 and 65535"));
        }
    }

    void checkReplicas(int replicas, String field, List<Violation> violations) {
        if (replicas < 0 || replicas > properties.maxReplicas()) {
            violations.add(new Violation(field, "must be between 0 and " + properties.maxReplicas()));
        }
    }

    /**
     * The rules of {@code env_vars}, also applied to {@code secret_env_vars} ({@code field}). Messages name the
     * variable, never its value.
     */
    void checkEnvVars(Map<String, String> env, String field, List<Violation> violations) {
        if (env.size() > MAX_ENV_VARS) {
            violations.add(new Violation(field, "must have at most " + MAX_ENV_VARS + " variables"));
            return;
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (name.length() > MAX_ENV_NAME || !ENV_NAME.matcher(name).matches()) {
                violations.add(new Violation(field, "name '" + abbreviate(name)
                        + "' must match [A-Za-z_][A-Za-z0-9_]* (at most " + MAX_ENV_NAME + " characters)"));
            } else if (e.getValue() == null) {
                violations.add(new Violation(field + "." + name, "must be a string"));
            } else if (e.getValue().getBytes(StandardCharsets.UTF_8).length > MAX_ENV_VALUE_BYTES) {
                violations.add(new Violation(field + "." + name, "must be at most 32 KiB"));
            }
        }
    }

    /**
     * A secret given as {@link SecretEnvVars#MASK} keeps its current value (GET shows masks, so an edited body sends
     * them back); a mask with no current value behind it would be stored as the value itself.
     */
    void checkMasks(Map<String, String> secrets, Set<String> current, List<Violation> violations) {
        secrets.entrySet().stream()
                .filter(e -> SecretEnvVars.MASK.equals(e.getValue()) && !current.contains(e.getKey()))
                .map(Map.Entry::getKey).sorted().forEach(name -> violations.add(new Violation(
                        SECRET_ENV_VARS + "." + abbreviate(name), "is the mask " + SecretEnvVars.MASK
                                + " but has no current value to keep; send the value")));
    }

    /** A variable is either plain or secret: the runtime could not tell which value wins. */
    void checkPlainOrSecret(Set<String> plain, Set<String> secret, List<Violation> violations) {
        secret.stream().filter(plain::contains).sorted().forEach(name -> violations.add(new Violation(
                SECRET_ENV_VARS + "." + abbreviate(name), "is also in env_vars; a variable is either plain or secret")));
    }

    Resources resources(ResourcesDto dto, List<Violation> violations) {
        if (dto == null) {
            return new Resources(null, null);
        }
        if (dto.cpu() != null) {
            Long millis = cpuMillis(dto.cpu());
            if (millis == null) {
                violations.add(new Violation("resources.cpu", "must be a CPU quantity such as 100m, 0.5 or 2"));
            } else if (millis < MIN_CPU_MILLIS || millis > MAX_CPU_MILLIS) {
                violations.add(new Violation("resources.cpu", "must be between 10m and 8"));
            }
        }
        if (dto.memory() != null) {
            Long bytes = memoryBytes(dto.memory());
            if (bytes == null) {
                violations.add(new Violation("resources.memory", "must be a memory quantity such as 128Mi or 1Gi"));
            } else if (bytes < MIN_MEMORY_BYTES || bytes > MAX_MEMORY_BYTES) {
                violations.add(new Violation("resources.memory", "must be between 6Mi and 32Gi"));
            }
        }
        return new Resources(dto.cpu(), dto.memory());
    }

    HealthCheck healthCheck(HealthCheckDto dto, List<Violation> violations) {
        if (dto == null) {
            return null;
        }
        String path = dto.path() == null ? "/" : dto.path();
        if (path.length() > 255 || !HEALTH_PATH.matcher(path).matches()) {
            violations.add(new Violation("health_check.path",
                    "must start with '/' and contain no spaces (at most 255 characters)"));
        }
        int initialDelay = bounded(dto.initialDelaySeconds(), 0, 0, MAX_HEALTH_SECONDS,
                "health_check.initial_delay_seconds", violations);
        int period = bounded(dto.periodSeconds(), 10, 1, MAX_HEALTH_SECONDS, "health_check.period_seconds",
                violations);
        int timeout = bounded(dto.timeoutSeconds(), 5, 1, MAX_HEALTH_SECONDS, "health_check.timeout_seconds",
                violations);
        int failures = bounded(dto.failureThreshold(), 3, 1, MAX_FAILURE_THRESHOLD,
                "health_check.failure_threshold", violations);
        return new HealthCheck(path, initialDelay, period, timeout, failures);
    }

    DeploymentSpec.Credentials registryAuth(RegistryAuthDto dto, String image, List<Violation> violations) {
        if (dto == null) {
            return null;
        }
        if (dto.username() == null || dto.username().isBlank() || dto.username().length() > 255) {
            violations.add(new Violation("registry_auth.username", "is required (at most 255 characters)"));
        }
        if (dto.password() == null || dto.password().isEmpty() || dto.password().length() > 4096) {
            violations.add(new Violation("registry_auth.password", "is required (at most 4096 characters)"));
        }
        return new DeploymentSpec.Credentials(registryOf(image), dto.username(), dto.password());
    }

    /** The registry host of an image reference, {@code docker.io} when it names none. */
    static String registryOf(String image) {
        if (image == null) {
            return DEFAULT_REGISTRY;
        }
        Matcher m = IMAGE.matcher(image);
        if (!m.matches() || m.group(1) == null) {
            return DEFAULT_REGISTRY;
        }
        String first = m.group(1);
        // As Docker decides: a first component is a registry only if it looks like a host.
        if (isHostLike(first)) {
            return first;
        }
        return DEFAULT_REGISTRY;
    }

    static boolean isValidImage(String image) {
        if (image == null || image.length() > MAX_IMAGE) {
            return false;
        }
        Matcher m = IMAGE.matcher(image);
        if (!m.matches()) {
            return false;
        }
        // A first component that is no host name belongs to the repository path, which must be lower-case.
        String first = m.group(1);
        return first == null || isHostLike(first) || PATH_COMPONENT_PATTERN.matcher(first).matches();
    }

    private static boolean isHostLike(String component) {
        return component.contains(".") || component.contains(":") || component.equals("localhost");
    }

    static Long cpuMillis(String quantity) {
        Matcher m = CPU.matcher(quantity);
        if (!m.matches()) {
            return null;
        }
        try {
            if (m.group(1) != null) {
                return Long.parseLong(m.group(1));
            }
            return new BigDecimal(m.group(2)).movePointRight(3).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    static Long memoryBytes(String quantity) {
        Matcher m = MEMORY.matcher(quantity);
        if (!m.matches()) {
            return null;
        }
        long multiplier = switch (m.group(2) == null ? "" : m.group(2)) {
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            default -> 1L;
        };
        try {
            BigDecimal value = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier));
            return value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : value.longValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int bounded(Integer value, int defaultValue, int min, int max, String field,
            List<Violation> violations) {
        int v = value == null ? defaultValue : value;
        if (v < min || v > max) {
            violations.add(new Violation(field, "must be between " + min + " and " + max));
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
