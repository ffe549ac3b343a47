/** Example pipelines, each with a driver test that reads like its specification. */
package dev.weir.functions.examples;
