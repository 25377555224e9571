package io.tributary.aws;

import io.tributary.clean.DatasetSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where an API source's key comes from. SSM and Secrets Manager have no emulator here: a server
 * playing their JSON APIs checks what is asked (signed for the service, the name, decryption).
 */
class ApiKeysTest {
    private FakeJsonApi api;

    @BeforeEach
    void start() throws IOException {
        api = new FakeJsonApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private ApiKeys keys(boolean aws, Map<String, String> settings) {
        return new ApiKeys((service, prefix) -> api.client("us-east-1", service, prefix), aws,
                name -> Optional.ofNullable(settings.get(name)));
    }

    private static DatasetSpec.ApiKey key(String env, String ssm, String secret) {
        return new DatasetSpec.ApiKey(env, ssm, secret, "X-Api-Key", null, "");
    }

    @Test
    void awsModeReadsSsmDecryptedOrSecretsManagerAndLocalModeTheEnvironment() {
        api.answers = call -> switch (call.operation()) {
            case "GetParameter" -> new String[]{"200", "{\"Parameter\":{\"Name\":\"/tributary/k\",\"Value\":\"from-ssm\"}}"};
            case "GetSecretValue" -> new String[]{"200", "{\"SecretString\":\"from-secrets\"}"};
            default -> new String[]{"400", "{}"};
        };
        ApiKeys aws = keys(true, Map.of("FLOWERS_API_KEY", "from-env"));
        assertEquals("from-ssm", aws.key("flowers", key("FLOWERS_API_KEY", "/tributary/k", null)));
        FakeJsonApi.Call ssm = api.calls.get(0);
        assertEquals("{\"Name\":\"/tributary/k\",\"WithDecryption\":true}", ssm.body().toString());
        assertTrue(ssm.authorization().contains("/us-east-1/ssm/aws4_request"), ssm.authorization());
        assertEquals("from-secrets", aws.key("flowers", key(null, null, "tributary/k")));
        assertEquals("{\"SecretId\":\"tributary/k\"}", api.calls.get(1).body().toString());
        assertEquals("from-env", aws.key("flowers", key("FLOWERS_API_KEY", null, null)), "no ssm nor secret: env");

        ApiKeys local = keys(false, Map.of("FLOWERS_API_KEY", "from-env"));
        assertEquals("from-env", local.key("flowers", key("FLOWERS_API_KEY", "/tributary/k", null)));
        assertEquals(2, api.calls.size(), "local mode asks AWS nothing");
        assertNull(local.key("flowers", null), "a spec without api_key sends none");
    }

    @Test
    void aKeyThatCannotBeFoundSaysWhereItWasLookedFor() {
        assertEquals("flowers: the API key's environment variable FLOWERS_API_KEY is not set",
                assertThrows(IllegalStateException.class, () -> keys(false, Map.of()).key("flowers",
                        key("FLOWERS_API_KEY", null, null))).getMessage());
        assertEquals("flowers: the API key comes from SSM /tributary/k, which only AWS mode reads; set"
                        + " api.api_key.env for local mode",
                assertThrows(IllegalStateException.class, () -> keys(false, Map.of()).key("flowers",
                        key(null, "/tributary/k", null))).getMessage());
        api.answers = call -> new String[]{"400", "{\"__type\":\"ParameterNotFound\",\"message\":\"no such parameter\"}"};
        AwsJsonClient.ServiceError missing = assertThrows(AwsJsonClient.ServiceError.class,
                () -> keys(true, Map.of()).key("flowers", key(null, "/tributary/k", null)));
        assertEquals("ParameterNotFound", missing.type());
    }
}
