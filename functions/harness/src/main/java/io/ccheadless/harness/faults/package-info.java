/**
 * Real faults on real requests: {@link io.ccheadless.harness.faults.FaultProxy}, an HTTP proxy on 127.0.0.1 placed
 * in front of moto (point {@code AWS_ENDPOINT_URL} at it) or the CC sandbox (point {@code CC_AUTH_BASE_URL} at it),
 * injecting the {@link io.ccheadless.harness.faults.Fault}s its {@link io.ccheadless.harness.faults.FaultRule}s
 * match by {@code X-Amz-Target} ({@code secretsmanager.PutSecretValue}, {@code DynamoDB_20120810.UpdateItem}, ...) or
 * by path. Because the faults are on the wire, the AWS SDK's own retries, call and attempt timeouts and error
 * unmarshalling run as in production; nothing in the adapters is mocked.
 * <pre>
 *   FaultProxy proxy = FaultProxy.start(URI.create(motoUrl));
 *   FaultRule throttle = proxy.add(FaultRule.on("secretsmanager.PutSecretValue")
 *           .during(Duration.ofSeconds(20), Fault.secretsThrottling()));
 *   ... AwsClients.create(settingsWithEndpoint(proxy.uri()), callTimeout, List.of()) ...
 *   assertTrue(throttle.injected() &gt; 0);
 * </pre>
 * The proxy never logs or keeps a body (bodies carry tokens). The tests that use it are the {@code Fault*IT} of this
 * module (failsafe, against moto).
 */
package io.ccheadless.harness.faults;
