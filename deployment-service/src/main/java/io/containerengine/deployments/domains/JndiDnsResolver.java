package io.containerengine.deployments.domains;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

import org.springframework.stereotype.Component;

import io.containerengine.deployments.config.DomainsProperties;

/** {@link DnsResolver} through the JDK's JNDI DNS provider: no extra dependency. */
@Component
public class JndiDnsResolver implements DnsResolver {

    private final DomainsProperties properties;

    public JndiDnsResolver(DomainsProperties properties) {
        this.properties = properties;
    }

    @Override
    public List<String> txtRecords(String name) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        String server = properties.dnsServer();
        // "dns:" alone uses the system's resolvers (resolv.conf).
        env.put(Context.PROVIDER_URL, server == null || server.isBlank() ? "dns:" : "dns://" + server.trim());
        env.put("com.sun.jndi.dns.timeout.initial", String.valueOf(properties.lookupTimeout().toMillis()));
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        DirContext context = null;
        try {
            context = new InitialDirContext(env);
            Attribute txt = context.getAttributes(name, new String[] {"TXT"}).get("TXT");
            List<String> out = new ArrayList<>();
            if (txt != null) {
                NamingEnumeration<?> values = txt.getAll();
                while (values.hasMore()) {
                    out.add(joinCharacterStrings(String.valueOf(values.next())));
                }
            }
            return out;
        } catch (NameNotFoundException e) {
            return List.of();
        } catch (NamingException e) {
            throw new DnsLookupException("TXT lookup of " + name + " failed", e);
        } finally {
            if (context != null) {
                try {
                    context.close();
                } catch (NamingException ignored) {
                    // nothing held
                }
            }
        }
    }

    /**
     * JNDI renders a TXT record as its character-strings separated by spaces, quoting those that contain spaces or
     * quotes: {@code token}, {@code part1 part2} or {@code "part one" "part two"}. A record's value is their
     * concatenation (RFC 7208, 3.3).
     */
    static String joinCharacterStrings(String rendered) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < rendered.length(); i++) {
            char c = rendered.charAt(i);
            if (c == '\\' && quoted && i + 1 < rendered.length()) {
                out.append(rendered.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
            } else if (quoted || !Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
