package io.containerengine.auth;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Runs the whole service on a random port against the real PostgreSQL {@code test} database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/test",
        "spring.datasource.username=postgres",
        "ce.identity.secret=" + AbstractAuthIT.IDENTITY_SECRET,
        "ce.auth.jwt-secret=" + AbstractAuthIT.JWT_SECRET })
public abstract class AbstractAuthIT {

    public static final String IDENTITY_SECRET = "it-internal-identity-secret-0123456789abcdef";
    public static final String JWT_SECRET = "it-jwt-secret-0123456789abcdefghijklmnopqrstuv";
    /** Every user a test creates has this username prefix, so the rows can be removed afterwards. */
    protected static final String PREFIX = "it-";

    @LocalServerPort
    int port;

    protected TestHttp http;

    @BeforeEach
    void client() {
        http = new TestHttp(port);
    }

    @AfterAll
    static void cleanUp(@Autowired JdbcClient jdbc) {
        jdbc.sql("delete from users where username like 'it-%'").update();
    }

    protected static String unique() {
        return PREFIX + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static String identity(UUID userId) {
        return TestHttp.identity(IDENTITY_SECRET, userId);
    }

    protected static String registerBody(String username, String email, String password) {
        return TestHttp.toJson(java.util.Map.of("username", username, "email", email, "password", password,
                "confirm_password", password));
    }
}
