package io.spread.config;

import java.time.Duration;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import org.springframework.boot.convert.DurationStyle;

/** Checks {@link DurationRange}; a missing value is left to {@code @NotNull}. */
public class DurationRangeValidator implements ConstraintValidator<DurationRange, Duration> {

	private Duration min;

	private Duration max;

	@Override
	public void initialize(DurationRange range) {
		this.min = DurationStyle.detectAndParse(range.min());
		this.max = DurationStyle.detectAndParse(range.max());
	}

	@Override
	public boolean isValid(Duration value, ConstraintValidatorContext context) {
		return value == null || (value.compareTo(this.min) >= 0 && value.compareTo(this.max) <= 0);
	}

}
