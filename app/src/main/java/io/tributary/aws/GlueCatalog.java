package io.tributary.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.TributaryConfig;
import io.tributary.catalog.LakeTable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The lake's tables in the AWS Glue Data Catalog, kept current by the flows that write them (AWS
 * mode, {@code tributary.glue.enabled}): a table is created when missing and updated when its
 * definition changed ({@link LakeTable#evolve}); its partitions are found by Athena as
 * {@code tributary.glue.partitions} says ({@link Partitions}). Athena and Redshift Spectrum then
 * see new data without a crawler's delay and guesswork.
 */
@Singleton
public class GlueCatalog {
    private static final Logger LOG = Logger.getLogger(GlueCatalog.class);
    /** BatchCreatePartition takes at most 100 partitions a call. */
    static final int BATCH = 100;

    /** How Athena finds a table's partitions. */
    public enum Partitions {
        /** Each partition a clean wrote is registered (BatchCreatePartition; one that exists already is fine). */
        REGISTER,
        /**
         * Partition projection: no partition is registered; the table lists each partition column's
         * values ({@code enum}) and where their folders are, and grows the lists as cleans write
         * new values (the archive's hourly folders are projected by date whatever this says).
         */
        PROJECTION,
        /**
         * A crawler of the user's ({@code tributary.glue.crawler}) is started after each write,
         * as the original project did, and makes the tables and partitions; Tributary makes none.
         * One already running is fine (it will pick the files up on its next run).
         */
        CRAWLER;

        public static Partitions named(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tributary.glue.partitions is '" + name
                        + "'; it may be register, projection or crawler");
            }
        }
    }

    /** A partition a clean wrote: its values in the table's partition column order, and its folder. */
    public record Partition(List<String> values, String location) {
    }

    private final AwsJsonClient glue;
    private final String database;
    private final Partitions mode;
    private final String crawler;

    @Inject
    public GlueCatalog(TributaryConfig config, AwsClients clients) {
        this(config.glue().enabled() ? clients.jsonApi("glue", "AWSGlue") : null, config.glue().database(),
                Partitions.named(config.glue().partitions()), config.glue().crawler().orElse(null));
    }

    GlueCatalog(AwsJsonClient glue, String database) {
        this(glue, database, Partitions.REGISTER, null);
    }

    /** @param glue null: no Glue (local mode, or not enabled), nothing is registered */
    GlueCatalog(AwsJsonClient glue, String database, Partitions mode, String crawler) {
        if (glue != null && mode == Partitions.CRAWLER && (crawler == null || crawler.isBlank())) {
            throw new IllegalArgumentException("tributary.glue.partitions=crawler needs the crawler's name in"
                    + " tributary.glue.crawler");
        }
        this.glue = glue;
        this.database = database;
        this.mode = mode;
        this.crawler = crawler;
    }

    public boolean enabled() {
        return glue != null;
    }

    /**
     * Creates the table when Glue lacks it, updates it when {@code changed} says its definition
     * changed (or, with projection, when the clean wrote partition values it does not list), and
     * registers the partitions; with a crawler, only starts it. Throws on any refusal but "already
     * exists" and "crawler already running".
     */
    public void register(LakeTable table, boolean changed, List<Partition> partitions) {
        if (glue == null) {
            return;
        }
        if (mode == Partitions.CRAWLER) {
            startCrawler();
            return;
        }
        JsonNode existing;
        try {
            existing = glue.call("GetTable", AwsJsonClient.body().put("DatabaseName", database).put("Name", table.name()))
                    .path("Table");
        } catch (AwsJsonClient.ServiceError e) {
            if (!e.type().equals("EntityNotFoundException")) {
                throw e;
            }
            existing = null;
        }
        boolean projectValues = mode == Partitions.PROJECTION && !table.projected() && !table.partitions().isEmpty();
        LakeTable wanted = projectValues ? projected(table, existing, partitions) : table;
        if (existing == null) {
            ObjectNode create = AwsJsonClient.body().put("DatabaseName", database);
            create.set("TableInput", tableInput(wanted));
            glue.call("CreateTable", create);
            LOG.infof("Glue: created table %s.%s", database, table.name());
        } else if (changed || (projectValues && !wanted.properties().equals(propertiesOf(existing)))) {
            ObjectNode update = AwsJsonClient.body().put("DatabaseName", database);
            update.set("TableInput", tableInput(wanted));
            glue.call("UpdateTable", update);
            LOG.infof("Glue: updated table %s.%s", database, table.name());
        }
        if (table.partitions().isEmpty() || table.projected() || projectValues) {
            return;
        }
        for (int from = 0; from < partitions.size(); from += BATCH) {
            ObjectNode batch = AwsJsonClient.body().put("DatabaseName", database).put("TableName", table.name());
            ArrayNode inputs = batch.putArray("PartitionInputList");
            partitions.subList(from, Math.min(partitions.size(), from + BATCH))
                    .forEach(p -> inputs.add(partitionInput(table, p)));
            JsonNode response = glue.call("BatchCreatePartition", batch);
            List<String> refused = new ArrayList<>();
            for (JsonNode error : response.path("Errors")) {
                String code = error.path("ErrorDetail").path("ErrorCode").asText();
                if (!code.equals("AlreadyExistsException")) {
                    List<String> values = new ArrayList<>();
                    error.path("PartitionValues").forEach(v -> values.add(v.asText()));
                    refused.add(values + ": " + code + " " + error.path("ErrorDetail").path("ErrorMessage").asText());
                }
            }
            if (!refused.isEmpty()) {
                throw new IllegalStateException("Glue refused partitions of " + database + "." + table.name() + ": "
                        + String.join("; ", refused));
            }
        }
    }

    private void startCrawler() {
        try {
            glue.call("StartCrawler", AwsJsonClient.body().put("Name", crawler));
            LOG.infof("Glue: started crawler %s", crawler);
        } catch (AwsJsonClient.ServiceError e) {
            if (!e.type().equals("CrawlerRunningException")) {
                throw e;
            }
            LOG.infof("Glue: crawler %s is running already; its next run finds the new files", crawler);
        }
    }

    /**
     * The table with partition projection over its Hive folders: each partition column an
     * {@code enum} of the values Glue's table lists already and those this clean wrote (as their
     * folders spell them: the template puts them in the path), and the folders' template.
     */
    static LakeTable projected(LakeTable table, JsonNode existing, List<Partition> partitions) {
        Map<String, String> properties = new LinkedHashMap<>(table.properties());
        properties.put("projection.enabled", "true");
        StringBuilder template = new StringBuilder(table.location());
        for (int i = 0; i < table.partitions().size(); i++) {
            String column = table.partitions().get(i).name();
            Set<String> values = new TreeSet<>();
            String listed = existing == null ? ""
                    : existing.path("Parameters").path("projection." + column + ".values").asText("");
            for (String v : listed.split(",")) {
                if (!v.isEmpty()) {
                    values.add(v);
                }
            }
            for (Partition p : partitions) {
                String folder = folderValue(p.location(), column);
                if (folder.contains(",")) {
                    throw new IllegalStateException("partition projection lists values separated by commas: the"
                            + " value " + folder + " of " + table.name() + "." + column + " cannot be listed (use"
                            + " tributary.glue.partitions=register)");
                }
                values.add(folder);
            }
            properties.put("projection." + column + ".type", "enum");
            properties.put("projection." + column + ".values", String.join(",", values));
            template.append(column).append("=${").append(column).append("}/");
        }
        properties.put(LakeTable.LOCATION_TEMPLATE, template.toString());
        return new LakeTable(table.name(), table.location(), table.storage(), table.columns(), table.partitions(),
                properties);
    }

    /** A column's value in a Hive partition folder's URI ({@code .../col=value/}), as the folder spells it. */
    private static String folderValue(String location, String column) {
        for (String segment : location.split("/")) {
            if (segment.startsWith(column + "=")) {
                return segment.substring(column.length() + 1);
            }
        }
        throw new IllegalStateException("no " + column + "= folder in " + location);
    }

    /** A Glue table's parameters but those Tributary adds to every table (EXTERNAL, classification, created_by). */
    private static Map<String, String> propertiesOf(JsonNode existing) {
        Map<String, String> properties = new LinkedHashMap<>();
        existing.path("Parameters").properties().forEach(e -> properties.put(e.getKey(), e.getValue().asText()));
        List.of("EXTERNAL", "classification", "created_by").forEach(properties::remove);
        return properties;
    }

    /**
     * The Glue table of a lake table: external, its storage's SerDe and formats, partitioned as
     * its folders, with its table properties (compression, partition projection) as parameters.
     */
    static ObjectNode tableInput(LakeTable table) {
        ObjectNode input = AwsJsonClient.body().put("Name", table.name()).put("TableType", "EXTERNAL_TABLE");
        ObjectNode parameters = input.putObject("Parameters").put("EXTERNAL", "TRUE")
                .put("classification", table.storage().classification);
        table.properties().forEach(parameters::put);
        parameters.put("created_by", "tributary");
        input.set("PartitionKeys", columns(table.partitions()));
        input.set("StorageDescriptor", storage(table, table.location()));
        return input;
    }

    static ObjectNode partitionInput(LakeTable table, Partition partition) {
        ObjectNode input = AwsJsonClient.body();
        ArrayNode values = input.putArray("Values");
        partition.values().forEach(values::add);
        input.set("StorageDescriptor", storage(table, partition.location()));
        return input;
    }

    private static ObjectNode storage(LakeTable table, String location) {
        ObjectNode sd = AwsJsonClient.body();
        sd.set("Columns", columns(table.columns()));
        sd.put("Location", location).put("InputFormat", table.storage().inputFormat)
                .put("OutputFormat", table.storage().outputFormat);
        sd.putObject("SerdeInfo").put("SerializationLibrary", table.storage().serde).putObject("Parameters")
                .put("serialization.format", "1");
        return sd;
    }

    private static ArrayNode columns(List<LakeTable.Column> columns) {
        ArrayNode array = AwsJsonClient.body().arrayNode();
        columns.forEach(c -> array.addObject().put("Name", c.name()).put("Type", c.type()));
        return array;
    }
}
