/** The benchmark's report: its JSON model, targets, cost model and tables. */
package dev.weir.bench.report;
