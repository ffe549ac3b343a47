/** {@code weir demo}: the blog's batched-RPC pipeline end to end on the local stack. */
package dev.weir.local.demo;
