package io.containerengine.deployments.domains;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.containerengine.common.identity.InternalIdentity;
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

        // not routed before the app runs; then both hosts route to its endpoints
        assertThat(routes(id)).isEmpty();
        observe(id, 1, ObservedPhase.RUNNING, 1, List.of("127.0.0.1:43001"), null);
        awaitStatus(id, "running");
        List<JsonNode> routes = routes(id);
        assertThat(routes).extracting(r -> r.get("host").asString())
                .containsExactlyInAnyOrder(app + ".localhost", domain);
        assertThat(routes).allSatisfy(r -> assertThat(r.get("endpoints").get(0).asString())
                .isEqualTo("127.0.0.1:43001"));
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
