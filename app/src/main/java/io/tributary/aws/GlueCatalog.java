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
import java.util.List;
import java.util.Locale;

/**
 * The lake's tables in the AWS Glue Data Catalog, kept current by the clean flow instead of a
 * crawler (AWS mode, {@code tributary.glue.enabled}): a dataset's table is created when missing and
 * updated when its definition changed ({@link LakeTable#evolve}); each partition a clean wrote is
 * registered (BatchCreatePartition; one that exists already is fine). Athena and Redshift Spectrum
 * then see new data without a crawler's delay and guesswork.
 */
@Singleton
public class GlueCatalog {
    private static final Logger LOG = Logger.getLogger(GlueCatalog.class);
    static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    static final String PARQUET_INPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    static final String PARQUET_OUTPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    /** BatchCreatePartition takes at most 100 partitions a call. */
    static final int BATCH = 100;

    /** A partition a clean wrote: its values in the table's partition column order, and its folder. */
    public record Partition(List<String> values, String location) {
    }

    private final AwsJsonClient glue;
    private final String database;

    @Inject
    public GlueCatalog(TributaryConfig config, AwsClients clients) {
        this(config.glue().enabled() ? clients.jsonApi("glue", "AWSGlue") : null, config.glue().database());
    }

    /** @param glue null: no Glue (local mode, or not enabled), nothing is registered */
    GlueCatalog(AwsJsonClient glue, String database) {
        this.glue = glue;
        this.database = database;
    }

    public boolean enabled() {
        return glue != null;
    }

    /**
     * Creates the table when Glue lacks it, updates it when {@code changed} says its definition
     * changed, and registers the partitions. Throws on any refusal but "already exists".
     */
    public void register(LakeTable table, boolean changed, List<Partition> partitions) {
        if (glue == null) {
            return;
        }
        boolean exists;
        try {
            glue.call("GetTable", AwsJsonClient.body().put("DatabaseName", database).put("Name", table.name()));
            exists = true;
        } catch (AwsJsonClient.ServiceError e) {
            if (!e.type().equals("EntityNotFoundException")) {
                throw e;
            }
            exists = false;
        }
        if (!exists) {
            ObjectNode create = AwsJsonClient.body().put("DatabaseName", database);
            create.set("TableInput", tableInput(table));
            glue.call("CreateTable", create);
            LOG.infof("Glue: created table %s.%s", database, table.name());
        } else if (changed) {
            ObjectNode update = AwsJsonClient.body().put("DatabaseName", database);
            update.set("TableInput", tableInput(table));
            glue.call("UpdateTable", update);
            LOG.infof("Glue: updated table %s.%s", database, table.name());
        }
        if (table.partitions().isEmpty()) {
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

    /** The Glue table of a lake table: external, Parquet (Hive's SerDe and formats), partitioned as its folders. */
    static ObjectNode tableInput(LakeTable table) {
        ObjectNode input = AwsJsonClient.body().put("Name", table.name()).put("TableType", "EXTERNAL_TABLE");
        input.putObject("Parameters").put("EXTERNAL", "TRUE").put("classification", "parquet")
                .put("parquet.compression", table.compression().toUpperCase(Locale.ROOT)).put("created_by", "tributary");
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
        sd.put("Location", location).put("InputFormat", PARQUET_INPUT).put("OutputFormat", PARQUET_OUTPUT);
        sd.putObject("SerdeInfo").put("SerializationLibrary", PARQUET_SERDE).putObject("Parameters")
                .put("serialization.format", "1");
        return sd;
    }

    private static ArrayNode columns(List<LakeTable.Column> columns) {
        ArrayNode array = AwsJsonClient.body().arrayNode();
        columns.forEach(c -> array.addObject().put("Name", c.name()).put("Type", c.type()));
        return array;
    }
}
