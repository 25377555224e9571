package io.tributary.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Sends S3 uploads without {@code Expect: 100-continue}. With the url-connection client, a PUT the
 * server refuses before the body (a conditional PUT's 412 when the raw key is taken) leaves its
 * connection in the keep-alive pool in a state the server no longer reads right: the next upload on
 * it fails with "Unexpected end of file from server" or "Error writing request body to server", up
 * to the SDK's three attempts (seen against the local S3: 100 refused conditional PUTs, each followed
 * by a plain PUT, failed at once with it and never without it). The bodies Tributary uploads are
 * files it has just written; sending them without waiting for a 100 costs nothing.
 */
public final class NoExpectContinue implements ExecutionInterceptor {

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        return request.firstMatchingHeader("Expect").isPresent()
                ? request.toBuilder().removeHeader("Expect").build() : request;
    }
}
