package io.containerengine.deployments.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.DeploymentStatusChanged;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.ObservedPhase;
import io.containerengine.deployments.IntegrationTestSupport;
import tools.jackson.databind.JsonNode;

class CustomDomainsIT extends IntegrationTestSupport {

    @Test
    void addingADomainReturnsTheDnsRecordsToCreate() throws Exception {
        String app = appName("dom");
        UUID id = createdId(user, app);
        String domain = app + ".example.com";

        Response r = post("/v1/deployments/" + id + "/domains", user, "{\"domain\":\"" + domain.toUpperCase() + ".\"}");

        assertThat(r.status()).isEqualTo(201);
        JsonNode body = r.body();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("id", "deployment_id", "domain", "status",
                "dns_records", "created_at", "verified_at");
        assertThat(body.get("domain").asString()).isEqualTo(domain);
        assertThat(body.get("status").asString()).isEqualTo("pending_verification");
        assertThat(body.get("verified_at").isNull()).isTrue();
        JsonNode txt = body.get("dns_records").get(0);
        assertThat(txt.get("type").asString()).isEqualTo("TXT");
        assertThat(txt.get("name").asString()).isEqualTo("_ce-challenge." + domain);
        assertThat(txt.get("value").asString()).startsWith("ce-verify-").hasSizeGreaterThan(30);
        JsonNode cname = body.get("dns_records").get(1);
        assertThat(cname.get("type").asString()).isEqualTo("CNAME");
        assertThat(cname.get("name").asString()).isEqualTo(domain);
        assertThat(cname.get("value").asString()).isEqualTo(app + ".localhost");

        Response list = get("/v1/deployments/" + id + "/domains", user);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("domains")).hasSize(1);
        assertThat(list.body().get("domains").get(0)).isEqualTo(body);
    }

    @Test
    void listIsEmptyForANewDeployment() throws Exception {
        UUID id = createdId(user, appName("domempty"));
        Response list = get("/v1/deployments/" + id + "/domains", user);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("domains")).isEmpty();
    }

    @Test
    void verificationNeedsTheTxtRecordAndThenTheDomainIsRouted() throws Exception {
        String app = appName("domver");
        UUID id = createdId(user, app);
        String domain = "www." + app + ".example.org";
        JsonNode added = post("/v1/deployments/" + id + "/domains", user, "{\"domain\":\"" + domain + "\"}").body();
        String domainId = added.get("id").asString();
        String token = added.get("dns_records").get(0).get("value").asString();
        String verify = "/v1/deployments/" + id + "/domains/" + domainId + "/verify";

        Response missing = post(verify, user, null);
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body().get("error").get("message").asString()).isEqualTo("Domain verification failed");
        assertThat(missing.body().get("error").get("details").asString()).contains("_ce-challenge." + domain);

        dns.publishTxt("_ce-challenge." + domain, "some-other-token");
        assertThat(post(verify, user, null).status()).isEqualTo(422);

        dns.failing(true);
        try {
            Response dnsDown = post(verify, user, null);
            assertThat(dnsDown.status()).isEqualTo(503);
        } finally {
            dns.failing(false);
        }

        dns.publishTxt("_ce-challenge." + domain, "v=spf1 -all", token);
        Response ok = post(verify, user, null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().get("status").asString()).isEqualTo("verified");
        assertThat(ok.body().get("verified_at").isString()).isTrue();
        // verifying again is fine
        assertThat(post(verify, user, null).body().get("status").asString()).isEqualTo("verified");

        // not routed before the app runs; then both hosts route to its endpoints (the verification was a new
        // generation of the desired state, which the runtime reports)
        assertThat(routes(id)).isEmpty();
        assertThat(generationOf(id)).isEqualTo(2);
        observe(id, 2, ObservedPhase.RUNNING, 1, List.of("127.0.0.1:43001"), null);
        awaitStatus(id, "running");
        List<JsonNode> routes = routes(id);
        assertThat(routes).extracting(r -> r.get("host").asString())
                .containsExactlyInAnyOrder(app + ".localhost", domain);
        assertThat(routes).allSatisfy(r -> assertThat(r.get("endpoints").get(0).asString())
                .isEqualTo("127.0.0.1:43001"));
    }

    @Test
    void verifyingAndRemovingADomainRollsOutANewGenerationToTheRuntimeAndTheGateway() throws Exception {
        String app = appName("domevt");
        UUID id = createdId(user, app);
        observe(id, 1, ObservedPhase.RUNNING, 1, List.of("127.0.0.1:43101"), null);
        awaitStatus(id, "running");
        String domain = "api." + app + ".example.com";
        String pendingOnly = "later." + app + ".example.com";
        String domainId = addDomain(id, domain);
        String pendingId = addDomain(id, pendingOnly);
        assertThat(generationOf(id)).isEqualTo(1); // an unverified claim routes nowhere: nothing to roll out

        String token = get("/v1/deployments/" + id + "/domains", user).body().get("domains").get(0)
                .get("dns_records").get(0).get("value").asString();
        dns.publishTxt("_ce-challenge." + domain, token);
        assertThat(post("/v1/deployments/" + id + "/domains/" + domainId + "/verify", user, null).status())
                .isEqualTo(200);

        // The runtime gets the new generation with the domain (Ingress host) ...
        assertThat(generationOf(id)).isEqualTo(2);
        DeploymentDesiredState desired = awaitDesired(id, 2);
        assertThat(desired.customDomains()).containsExactly(domain);
        assertThat(desired.image()).isEqualTo("nginx:1.27-alpine");
        // ... and the gateway a status change with the current endpoints and the domain (Host route), at once.
        DeploymentStatusChanged routed = awaitStatusChanged(id, 2);
        assertThat(routed.status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(routed.previousStatus()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(routed.endpoints()).containsExactly("127.0.0.1:43101");
        assertThat(routed.customDomains()).containsExactly(domain);
        assertThat(get("/v1/deployments/" + id, user).body().get("status").asString()).isEqualTo("running");

        // Verifying again changes nothing; later desired states and status changes keep carrying the domain.
        assertThat(post("/v1/deployments/" + id + "/domains/" + domainId + "/verify", user, null).status())
                .isEqualTo(200);
        assertThat(generationOf(id)).isEqualTo(2);
        assertThat(patch("/v1/deployments/" + id + "/scale", user, "{\"replicas\":2}").status()).isEqualTo(200);
        assertThat(awaitDesired(id, 3).customDomains()).containsExactly(domain);
        observe(id, 3, ObservedPhase.RUNNING, 2, List.of("127.0.0.1:43101", "127.0.0.1:43102"), null);
        DeploymentStatusChanged scaled = await().atMost(Duration.ofSeconds(10))
                .until(() -> statusChanges(id).stream().filter(c -> c.endpoints().size() == 2).findFirst()
                        .orElse(null), c -> c != null);
        assertThat(scaled.customDomains()).containsExactly(domain);

        // Removing a pending claim routes nothing differently; removing the verified domain does.
        assertThat(delete("/v1/deployments/" + id + "/domains/" + pendingId, user).status()).isEqualTo(200);
        assertThat(generationOf(id)).isEqualTo(3);
        assertThat(delete("/v1/deployments/" + id + "/domains/" + domainId, user).status()).isEqualTo(200);
        assertThat(generationOf(id)).isEqualTo(4);
        assertThat(awaitDesired(id, 4).customDomains()).isEmpty();
        DeploymentStatusChanged dropped = awaitStatusChanged(id, 4);
        assertThat(dropped.customDomains()).isEmpty();
        assertThat(dropped.endpoints()).containsExactly("127.0.0.1:43101", "127.0.0.1:43102");
        assertThat(routes(id)).extracting(r -> r.get("host").asString()).containsExactly(app + ".localhost");
    }

    @Test
    void aDomainBelongsToOneDeploymentPlatformWide() throws Exception {
        UUID mine = createdId(user, appName("domown"));
        UUID mySecond = createdId(user, appName("domown2"));
        UUID theirs = createdId(UUID.randomUUID(), appName("domother"));
        String domain = "shop-" + UUID.randomUUID().toString().substring(0, 8) + ".example.net";
        assertThat(post("/v1/deployments/" + mine + "/domains", user, "{\"domain\":\"" + domain + "\"}").status())
                .isEqualTo(201);

        UUID otherUser = jdbc.sql("select user_id from deployment where id = ?").param(theirs)
                .query(UUID.class).single();
        Response stranger = post("/v1/deployments/" + theirs + "/domains", otherUser,
                "{\"domain\":\"" + domain + "\"}");
        assertThat(stranger.status()).isEqualTo(409);
        assertThat(stranger.body().get("error").get("message").asString()).isEqualTo("Domain already in use");
        assertThat(post("/v1/deployments/" + mySecond + "/domains", user, "{\"domain\":\"" + domain + "\"}")
                .status()).isEqualTo(409);
        assertThat(post("/v1/deployments/" + mine + "/domains", user, "{\"domain\":\"" + domain + "\"}").status())
                .isEqualTo(409);

        // an old unverified claim does not block the real owner for ever
        jdbc.sql("update custom_domain set created_at = now() - interval '73 hours' where domain = ?")
                .param(domain).update();
        assertThat(post("/v1/deployments/" + theirs + "/domains", otherUser, "{\"domain\":\"" + domain + "\"}")
                .status()).isEqualTo(201);
    }

    @Test
    void severalDomainsPerDeploymentAndRemovalFreesThem() throws Exception {
        String app = appName("dommany");
        UUID id = createdId(user, app);
        List<String> ids = new ArrayList<>();
        for (String sub : List.of("a", "b", "c")) {
            Response r = post("/v1/deployments/" + id + "/domains", user,
                    "{\"domain\":\"" + sub + "." + app + ".example.com\"}");
            assertThat(r.status()).isEqualTo(201);
            ids.add(r.body().get("id").asString());
        }
        assertThat(get("/v1/deployments/" + id + "/domains", user).body().get("domains")).hasSize(3);

        Response removed = delete("/v1/deployments/" + id + "/domains/" + ids.get(1), user);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.body().get("message").asString()).isEqualTo("Domain removed successfully");
        assertThat(removed.body().get("domain_id").asString()).isEqualTo(ids.get(1));
        assertThat(removed.body().get("domain").asString()).isEqualTo("b." + app + ".example.com");
        assertThat(get("/v1/deployments/" + id + "/domains", user).body().get("domains")).hasSize(2);
        assertThat(delete("/v1/deployments/" + id + "/domains/" + ids.get(1), user).status()).isEqualTo(404);
        assertThat(delete("/v1/deployments/" + id + "/domains/not-a-uuid", user).status()).isEqualTo(404);

        // the removed domain can be claimed again, here by another deployment
        UUID other = createdId(user, appName("dommany2"));
        assertThat(post("/v1/deployments/" + other + "/domains", user,
                "{\"domain\":\"b." + app + ".example.com\"}").status()).isEqualTo(201);
    }

    @Test
    void deletingTheDeploymentReleasesItsDomains() throws Exception {
        String app = appName("domdel");
        UUID id = createdId(user, app);
        String domain = app + ".example.io";
        post("/v1/deployments/" + id + "/domains", user, "{\"domain\":\"" + domain + "\"}");
        delete("/v1/deployments/" + id, user);

        UUID next = createdId(user, appName("domdel2"));
        assertThat(post("/v1/deployments/" + next + "/domains", user, "{\"domain\":\"" + domain + "\"}").status())
                .isEqualTo(201);
    }

    @Test
    void domainNamesAreValidated() throws Exception {
        UUID id = createdId(user, appName("domval"));
        String path = "/v1/deployments/" + id + "/domains";
        for (String bad : List.of("", "localhost", "10.1.2.3", "bad_name.example.com", "-x.example.com",
                "app.localhost", "localhost.", "*.example.com")) {
            Response r = post(path, user, "{\"domain\":\"" + bad + "\"}");
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.body().get("error").get("message").asString()).as(bad).contains("domain");
        }
        assertThat(post(path, user, "{}").status()).isEqualTo(400);
        assertThat(post(path, user, null).status()).isEqualTo(400);
        assertThat(post(path, user, "{\"domain\":").status()).isEqualTo(400);
    }

    @Test
    void aDeploymentHasAtMostTwentyDomains() throws Exception {
        String app = appName("domcap");
        UUID id = createdId(user, app);
        for (int i = 0; i < 20; i++) {
            assertThat(post("/v1/deployments/" + id + "/domains", user,
                    "{\"domain\":\"d" + i + "." + app + ".example.com\"}").status()).isEqualTo(201);
        }
        Response r = post("/v1/deployments/" + id + "/domains", user, "{\"domain\":\"d20." + app + ".example.com\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("error").get("details").asString()).contains("at most 20");
    }

    private String addDomain(UUID id, String domain) throws Exception {
        Response r = post("/v1/deployments/" + id + "/domains", user, "{\"domain\":\"" + domain + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.body().get("id").asString();
    }

    private DeploymentDesiredState awaitDesired(UUID id, long generation) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> deploymentEvents.envelopes(id, EventTypes.DEPLOYMENT_DESIRED_STATE_CHANGED).stream()
                        .map(e -> e.payloadAs(DeploymentDesiredState.class))
                        .filter(s -> s.generation() == generation).findFirst().orElse(null), s -> s != null);
    }

    private DeploymentStatusChanged awaitStatusChanged(UUID id, long generation) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> statusChanges(id).stream().filter(c -> c.generation() == generation).findFirst()
                        .orElse(null), c -> c != null);
    }

    private List<DeploymentStatusChanged> statusChanges(UUID id) {
        return deploymentEvents.envelopes(id, EventTypes.DEPLOYMENT_STATUS_CHANGED).stream()
                .map(e -> e.payloadAs(DeploymentStatusChanged.class)).toList();
    }

    private List<JsonNode> routes(UUID id) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : get("/internal/routes", InternalIdentity.SYSTEM).body().get("routes")) {
            if (r.get("deployment_id").asString().equals(id.toString())) {
                out.add(r);
            }
        }
        return out;
    }
}
