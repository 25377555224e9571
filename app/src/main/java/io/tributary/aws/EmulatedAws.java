package io.tributary.aws;

/**
 * AWS emulated on this machine, in local mode: where its services answer, what is done once the
 * clients exist (the bucket, tables and stream made, the endpoints shown), and who hears of an
 * emulator restart. Implemented by the built-in local stack ({@code io.tributary.local}), which
 * {@link AwsClients} does not otherwise know of.
 */
public interface EmulatedAws {

    /**
     * Where one running emulator set answers.
     *
     * @param postgres the local warehouse's JDBC URL (PostgreSQL), or null when it is off
     */
    record Endpoints(String s3, String dynamodb, String kinesis, String postgres) {
    }

    /** Starts the emulators, once, and gives their endpoints. */
    Endpoints start();

    /** Called once the clients exist, with the provisioner that uses them. */
    void clientsReady(Provisioner provisioner);

    /** Runs {@code action} after the emulators have been started again (in memory, they come back empty). */
    void onRestart(Runnable action);
}
