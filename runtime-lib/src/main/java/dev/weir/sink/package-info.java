/** Where outputs go: the sink port the engine emits to before each key's commit. */
package dev.weir.sink;
