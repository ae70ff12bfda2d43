package com.lenz.central.config;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Turns each problem a section reports into a constraint violation on that property. */
public class CheckedConfigValidator implements ConstraintValidator<CheckedConfig, SelfChecking> {

    @Override
    public boolean isValid(SelfChecking section, ConstraintValidatorContext context) {
        if (section == null) {
            return true;
        }
        ConfigProblems problems = new ConfigProblems();
        section.check(problems);
        if (problems.all().isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        for (ConfigProblems.Problem problem : problems.all()) {
            // The reason holds configured values: escaped, so the validator never interprets them as a template.
            context.buildConstraintViolationWithTemplate(escape(problem.reason()))
                    .addPropertyNode(problem.property()).addConstraintViolation();
        }
        return false;
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
