/**
 * The whole system on one machine: the embedded emulators (or an AWS endpoint), the template's
 * resources, the local event-source mapping and the local scheduler, driving the same handler
 * classes Lambda runs. On an endpoint that enforces IAM, each function runs as its own identity
 * through its real adapters ({@link dev.weir.local.stack.AwsIdentities}), and the stack delivers
 * the Scheduler API's one-time schedules itself ({@link dev.weir.local.stack.ScheduleDeliveries}).
 */
package dev.weir.local.stack;
