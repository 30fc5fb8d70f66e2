package io.spread.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A {@link java.time.Duration} setting must lie within these bounds, both included, with a message that gives both
 * (Hibernate Validator's {@code @DurationMin} and {@code @DurationMax} each give one).
 */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DurationRangeValidator.class)
public @interface DurationRange {

	/** Shortest allowed duration, as settings write it, such as {@code 1s}. */
	String min();

	/** Longest allowed duration. */
	String max();

	String message() default "must be between {min} and {max}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
