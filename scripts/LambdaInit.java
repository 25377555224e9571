import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What the AWS Lambda Java runtime does at a cold start, timed: load the handler class (Quarkus
 * and Camel boot in its static initialiser), then one invocation. Run by scripts/measure-lambda-init.sh.
 */
public class LambdaInit {
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Class<?> handler = Class.forName("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler");
        Object instance = handler.getDeclaredConstructor().newInstance();
        long init = System.nanoTime();
        String event = "{\"version\":\"0\",\"detail-type\":\"Unknown Event\",\"source\":\"measure\"}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.getMethod("handleRequest", java.io.InputStream.class, java.io.OutputStream.class,
                    Class.forName("com.amazonaws.services.lambda.runtime.Context"))
                    .invoke(instance, new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (java.lang.reflect.InvocationTargetException expected) {
            // the measurement event is not one Tributary handles: it is refused, after the dispatch ran
        }
        long first = System.nanoTime();
        System.out.printf("init %.2f s (handler class loaded: Quarkus and Camel started), first invocation %.0f ms%n",
                (init - start) / 1e9, (first - init) / 1e6);
        System.exit(0);
    }
}
