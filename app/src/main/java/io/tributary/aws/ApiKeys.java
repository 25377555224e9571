package io.tributary.aws;

import io.tributary.TributaryConfig;
import io.tributary.clean.DatasetSpec;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.function.Function;

/**
 * An API source's key, from where its spec says: in AWS mode SSM Parameter Store (decrypted) or
 * Secrets Manager when the spec names one, else the environment variable or setting it names.
 * The key is returned to the caller only: never logged, never kept.
 */
@Singleton
public class ApiKeys {

    private final java.util.function.BiFunction<String, String, AwsJsonClient> jsonApi;
    private final boolean aws;
    private final Function<String, Optional<String>> settings;

    @Inject
    public ApiKeys(TributaryConfig config, AwsClients clients) {
        this(clients::jsonApi, !config.local().enabled(), ApiKeys::setting);
    }

    /**
     * @param jsonApi  an AWS JSON API's client by signing name and target prefix
     * @param aws      AWS mode (SSM and Secrets Manager are read)
     * @param settings environment variables and settings by name
     */
    ApiKeys(java.util.function.BiFunction<String, String, AwsJsonClient> jsonApi, boolean aws,
            Function<String, Optional<String>> settings) {
        this.jsonApi = jsonApi;
        this.aws = aws;
        this.settings = settings;
    }

    /** A system property, environment variable or setting of that name (the order MicroProfile Config reads them in). */
    public static Optional<String> setting(String name) {
        String property = System.getProperty(name);
        if (property != null) {
            return Optional.of(property);
        }
        String env = System.getenv(name);
        if (env != null) {
            return Optional.of(env);
        }
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue(name, String.class);
    }

    /** The key, or null when the spec names none; {@link IllegalStateException} saying where it was looked for. */
    public String key(String dataset, DatasetSpec.ApiKey key) {
        if (key == null) {
            return null;
        }
        if (aws && key.ssm() != null) {
            return jsonApi.apply("ssm", "AmazonSSM").call("GetParameter", AwsJsonClient.body()
                    .put("Name", key.ssm()).put("WithDecryption", true)).path("Parameter").path("Value").asText();
        }
        if (aws && key.secret() != null) {
            return jsonApi.apply("secretsmanager", "secretsmanager").call("GetSecretValue", AwsJsonClient.body()
                    .put("SecretId", key.secret())).path("SecretString").asText();
        }
        if (key.env() != null) {
            return settings.apply(key.env()).filter(v -> !v.isEmpty()).orElseThrow(() -> new IllegalStateException(
                    dataset + ": the API key's environment variable " + key.env() + " is not set"));
        }
        throw new IllegalStateException(dataset + ": the API key comes from " + (key.ssm() != null ? "SSM " + key.ssm()
                : "Secrets Manager " + key.secret()) + ", which only AWS mode reads; set api.api_key.env for local mode");
    }
}
