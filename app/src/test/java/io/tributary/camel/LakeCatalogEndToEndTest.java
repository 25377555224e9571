package io.tributary.camel;

import io.quarkus.test.junit.QuarkusTest;
import io.tributary.catalog.LakeTable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lake's catalog through the clean flow: the first clean of a dataset writes its table's
 * definition and DDL; a later file may add columns and widen a type; a file whose column changes
 * type in a way the older files cannot follow fails, naming the column, the old type and the new,
 * and uploads nothing to the lake.
 */
@QuarkusTest
class LakeCatalogEndToEndTest extends PipelineTestSupport {

    private Map<String, AttributeValue> put(String key, String csv) {
        s3.putObject(p -> p.bucket(config.bucket()).key(key), RequestBody.fromString(csv));
        return awaitOutcome(key, Duration.ofSeconds(120));
    }

    private LakeTable table() {
        return LakeTable.fromDdl(text("catalog/drift.sql"));
    }

    @Test
    void aTableGrowsWithItsFilesAndATypeChangeFailsTheFileWithTheReason() {
        // no spec claims the dataset: types are inferred from each file
        assertEquals("cleaned", put("raw/drift/one.csv", "id,n\n1,5\n2,6\n").get("status").s());
        assertEquals(List.of(new LakeTable.Column("id", "int"), new LakeTable.Column("n", "int")), table().columns());
        assertTrue(text("catalog/drift.sql").contains("CREATE EXTERNAL TABLE IF NOT EXISTS `drift` (\n  `id` int,\n"
                + "  `n` int\n)\nSTORED AS PARQUET\nLOCATION 's3://" + config.bucket() + "/curated/drift/'"));

        // a wider number and a new column: the table follows
        assertEquals("cleaned", put("raw/drift/two.csv", "id,n,note\n3,5000000000,x\n").get("status").s());
        assertEquals(List.of(new LakeTable.Column("id", "int"), new LakeTable.Column("n", "bigint"),
                new LakeTable.Column("note", "string")), table().columns());
        assertTrue(text("catalog/drift.sql").contains("  `n` bigint,\n  `note` string\n)"));

        // text where the lake has numbers: the file fails with the reason; nothing of it reaches the lake
        Map<String, AttributeValue> failed = put("raw/drift/three.csv", "id,n\nfour,7\n");
        assertEquals("failed", failed.get("status").s());
        assertEquals("drift: column id was int in the lake and is string in this file; Athena cannot read the older"
                + " files as string (keep the column's type in the spec, or rename the column)",
                failed.get("reason").s());
        assertTrue(keys("curated/drift/").stream().noneMatch(k -> k.contains("three")), keys("curated/drift/").toString());
        assertEquals(List.of(), keys("clean/drift/three"), "no sink publishes a file the lake refuses");
        assertEquals(3, table().columns().size(), "the catalog is as it was");
    }
}
