package io.spread.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A {@code String} setting that is either a share of some whole, as a whole percentage from {@code 1%} to
 * {@code 100%}, or a size in {@link org.springframework.util.unit.DataSize} syntax of at least {@link #minSize()};
 * {@link PercentOrDataSizeValidator#toBytes} turns it into bytes.
 */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PercentOrDataSizeValidator.class)
public @interface PercentOrDataSize {

	/** Smallest allowed size, in {@code DataSize} syntax such as {@code 1MB}. */
	String minSize() default "1B";

	String message() default "must be a percentage from 1% to 100%, or a size of at least {minSize}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
