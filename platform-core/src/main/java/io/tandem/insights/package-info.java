/**
 * Insights: the content flywheel from sales to marketing. Sales logs what it learns during the close (win
 * stories, objections, loss reasons, customer outcomes, competitor mentions) on the records it is about;
 * marketing reads a feed and marks what it used in which campaign or asset, so the loop is measurable. And
 * findings computed from the data, each with its sample sizes and a significance test, reported only when
 * they hold after correcting for the number of tests. The findings are read models over the funnel tables,
 * like the metrics (the documented exception to "another context's data through its service").
 */
package io.tandem.insights;
