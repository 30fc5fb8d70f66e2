package io.spread.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** A {@link org.springframework.util.unit.DataSize} setting must lie within these bounds (Bean Validation has none). */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DataSizeRangeValidator.class)
public @interface DataSizeRange {

	/** Smallest allowed size, in {@code DataSize} syntax such as {@code 1KB}. */
	String min() default "1B";

	/** Largest allowed size. */
	String max();

	String message() default "must be between {min} and {max}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
