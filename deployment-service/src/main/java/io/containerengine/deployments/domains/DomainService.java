package io.containerengine.deployments.domains;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import io.containerengine.deployments.config.DeploymentsProperties;
import io.containerengine.deployments.config.DomainsProperties;
import io.containerengine.deployments.deployments.Deployment;
import io.containerengine.deployments.deployments.DeploymentDeletionStarted;
import io.containerengine.deployments.deployments.DeploymentService;
import io.containerengine.deployments.deployments.DeploymentStateMachine;
import io.containerengine.deployments.domains.DomainDtos.DnsRecord;
import io.containerengine.deployments.domains.DomainDtos.DomainList;
import io.containerengine.deployments.domains.DomainDtos.DomainView;
import io.containerengine.deployments.domains.DomainDtos.Removed;
import io.containerengine.deployments.web.ConflictException;
import io.containerengine.deployments.web.NotFoundException;
import io.containerengine.deployments.web.ServiceUnavailableException;
import io.containerengine.deployments.web.UnprocessableException;
import io.containerengine.deployments.web.ValidationException;

/**
 * Custom domains with proof of control: adding one returns a TXT record to publish at
 * {@code _ce-challenge.<domain>}; it becomes {@code verified} (and routed) once that TXT carries the token. A
 * domain belongs to one deployment platform-wide. No statement here holds a lock across a DNS lookup.
 *
 * <p>Verifying or removing a verified domain changes what routes to the app: it goes through
 * {@link DeploymentService#changeDomains}, which announces a new generation (runtime: Ingress hosts) and a status
 * change with the current endpoints (gateway: Host routes) in the same transaction.
 */
@Service
public class DomainService {

    static final String CHALLENGE_PREFIX = "_ce-challenge.";
    static final String NOT_FOUND = "Domain not found";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CustomDomainRepository repository;
    private final DeploymentService deployments;
    private final DnsResolver dns;
    private final DeploymentsProperties deploymentsProperties;
    private final DomainsProperties properties;

    public DomainService(CustomDomainRepository repository, DeploymentService deployments, DnsResolver dns,
            DeploymentsProperties deploymentsProperties, DomainsProperties properties) {
        this.repository = repository;
        this.deployments = deployments;
        this.dns = dns;
        this.deploymentsProperties = deploymentsProperties;
        this.properties = properties;
    }

    public DomainView add(UUID userId, UUID deploymentId, String rawDomain) {
        Deployment d = deployments.owned(userId, deploymentId);
        DeploymentStateMachine.requireDomainsChangeable(d.status());
        String domain = DomainNames.normalise(rawDomain, deploymentsProperties.domainSuffix());
        if (repository.count(d.id()) >= properties.maxPerDeployment()) {
            throw ValidationException.of("domain",
                    "a deployment can have at most " + properties.maxPerDeployment() + " domains");
        }
        var claim = new CustomDomain(UUID.randomUUID(), d.id(), userId, domain, newToken(), CustomDomain.PENDING,
                Instant.now().truncatedTo(ChronoUnit.MICROS), null);
        try {
            repository.insert(claim);
        } catch (DuplicateKeyException first) {
            // An unverified claim that nobody proved for a long time does not block the domain's real owner.
            if (!repository.deleteStalePendingClaim(domain, claim.createdAt().minus(properties.pendingClaimTtl()))) {
                throw alreadyClaimed(domain, d.id());
            }
            try {
                repository.insert(claim);
            } catch (DuplicateKeyException second) {
                throw alreadyClaimed(domain, d.id());
            }
        }
        return view(claim, d);
    }

    public DomainList list(UUID userId, UUID deploymentId) {
        Deployment d = deployments.owned(userId, deploymentId);
        return new DomainList(repository.findAll(d.id()).stream().map(c -> view(c, d)).toList());
    }

    public DomainView verify(UUID userId, UUID deploymentId, UUID domainId) {
        Deployment d = deployments.owned(userId, deploymentId);
        CustomDomain claim = repository.find(d.id(), domainId).orElseThrow(() -> new NotFoundException(NOT_FOUND));
        DeploymentStateMachine.requireDomainsChangeable(d.status());
        if (CustomDomain.VERIFIED.equals(claim.status())) {
            return view(claim, d);
        }
        String name = CHALLENGE_PREFIX + claim.domain();
        List<String> txt;
        try {
            txt = dns.txtRecords(name);
        } catch (DnsResolver.DnsLookupException e) {
            throw new ServiceUnavailableException("DNS lookup failed, try again later", e);
        }
        if (!txt.contains(claim.verificationToken())) {
            throw new UnprocessableException("Domain verification failed",
                    "no TXT record " + name + " with the verification token was found; DNS changes can take a"
                            + " while to propagate");
        }
        return deployments.changeDomains(userId, deploymentId, locked -> {
            // Re-read under the deployment's lock: the claim may have been removed (or re-added) meanwhile.
            CustomDomain current = repository.find(locked.id(), domainId)
                    .filter(c -> c.verificationToken().equals(claim.verificationToken()))
                    .orElseThrow(() -> new NotFoundException(NOT_FOUND));
            repository.markVerified(current.id(), Instant.now().truncatedTo(ChronoUnit.MICROS));
            return view(repository.find(locked.id(), domainId).orElseThrow(), locked);
        });
    }

    public Removed remove(UUID userId, UUID deploymentId, UUID domainId) {
        Deployment d = deployments.owned(userId, deploymentId);
        repository.find(d.id(), domainId).orElseThrow(() -> new NotFoundException(NOT_FOUND));
        return deployments.changeDomains(userId, deploymentId, locked -> {
            CustomDomain claim = repository.find(locked.id(), domainId)
                    .orElseThrow(() -> new NotFoundException(NOT_FOUND));
            if (!repository.delete(locked.id(), domainId)) {
                throw new NotFoundException(NOT_FOUND);
            }
            return new Removed("Domain removed successfully", claim.id(), claim.domain());
        });
    }

    /** A deleted deployment's domains are free for anyone again (runs inside the delete's transaction). */
    @EventListener
    void onDeletionStarted(DeploymentDeletionStarted event) {
        repository.deleteAll(event.deploymentId());
    }

    private DomainView view(CustomDomain c, Deployment d) {
        var records = List.of(
                new DnsRecord("TXT", CHALLENGE_PREFIX + c.domain(), c.verificationToken()),
                new DnsRecord("CNAME", c.domain(), deploymentsProperties.hostOf(d.appName())));
        return new DomainView(c.id(), c.deploymentId(), c.domain(), c.status(), records, c.createdAt(),
                c.verifiedAt());
    }

    private ConflictException alreadyClaimed(String domain, UUID deploymentId) {
        boolean here = repository.findByDomain(domain).map(c -> c.deploymentId().equals(deploymentId)).orElse(false);
        return new ConflictException("Domain already in use",
                here ? "the domain is already added to this deployment" : "the domain belongs to another deployment");
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "ce-verify-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
