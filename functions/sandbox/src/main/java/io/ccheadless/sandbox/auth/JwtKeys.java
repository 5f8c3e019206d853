package io.ccheadless.sandbox.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sandbox's RS256 signing key, generated at start: signs JWTs, verifies them, and publishes a JWKS. */
public final class JwtKeys {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final KeyPair pair;
    private final String kid;
    private final ObjectMapper mapper = new ObjectMapper();

    private JwtKeys(KeyPair pair) {
        this.pair = pair;
        this.kid = Fingerprints.sha256(B64.encodeToString(pair.getPublic().getEncoded())).substring(0, 43);
    }

    public static JwtKeys generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return new JwtKeys(g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }

    public String kid() {
        return kid;
    }

    public String sign(Map<String, Object> claims) {
        try {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("kid", kid);
            header.put("alg", "RS256");
            String input = B64.encodeToString(mapper.writeValueAsBytes(header)) + "."
                    + B64.encodeToString(mapper.writeValueAsBytes(claims));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(pair.getPrivate());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    /** The claims of a JWT whose header says RS256 with this key's id and whose signature checks out. */
    public Optional<JsonNode> verify(String jwt) {
        if (jwt == null) {
            return Optional.empty();
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode header = mapper.readTree(B64D.decode(parts[0]));
            if (!"RS256".equals(header.path("alg").asText()) || !kid.equals(header.path("kid").asText())) {
                return Optional.empty();
            }
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(pair.getPublic());
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(B64D.decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode claims = mapper.readTree(B64D.decode(parts[1]));
            return claims != null && claims.isObject() ? Optional.of(claims) : Optional.empty();
        } catch (IllegalArgumentException | GeneralSecurityException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    public Map<String, Object> jwks() {
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("kty", "RSA");
        key.put("alg", "RS256");
        key.put("kid", kid);
        key.put("use", "sig");
        key.put("e", B64.encodeToString(unsigned(pub.getPublicExponent())));
        key.put("n", B64.encodeToString(unsigned(pub.getModulus())));
        return Map.of("keys", List.of(key));
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }
}
