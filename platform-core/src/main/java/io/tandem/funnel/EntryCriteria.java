package io.tandem.funnel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.tandem.platform.ProblemException;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stage entry criteria: expressions in CEL (Common Expression Language), which tenants may write
 * safely because CEL cannot reach the JVM: no I/O, no reflection, no loops. The variables are a
 * lead's fields; a field the record does not have makes any comparison with it fail, so such a
 * record does not conform.
 */
@Singleton
public class EntryCriteria {

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .build();

    private final CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .addVar("budget", SimpleType.DOUBLE)
            .addVar("authority", SimpleType.BOOL)
            .addVar("need", SimpleType.STRING)
            .addVar("timeline_days", SimpleType.INT)
            .addVar("marketing_score", SimpleType.DOUBLE)
            .addVar("source", SimpleType.STRING)
            .addVar("company", SimpleType.STRING)
            .addVar("email", SimpleType.STRING)
            .addVar("campaign", SimpleType.STRING)
            .addVar("attributes", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .setResultType(SimpleType.BOOL)
            .build();
    private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
    private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

    /** Rejects an expression that does not parse or type-check, saying where and why. */
    public void validate(String expression) {
        if (expression != null && !expression.isBlank()) {
            compile(expression);
        }
    }

    /** Whether a record with these field values meets the criteria; empty criteria are always met. */
    public boolean isMetBy(String expression, Map<String, Object> fields) {
        if (expression == null || expression.isBlank()) {
            return true;
        }
        CelRuntime.Program program = programs.computeIfAbsent(expression, this::compile);
        try {
            return Boolean.TRUE.equals(program.eval(fields));
        } catch (CelEvaluationException missingOrInvalidField) {
            return false;
        }
    }

    private CelRuntime.Program compile(String expression) {
        try {
            CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
            return runtime.createProgram(ast);
        } catch (CelValidationException e) {
            throw ProblemException.invalid("Invalid entry criteria: " + e.getMessage().replace("<input>", "expression"));
        } catch (CelEvaluationException e) {
            throw ProblemException.invalid("Invalid entry criteria: " + e.getMessage());
        }
    }
}
