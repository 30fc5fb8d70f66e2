package io.spread.config;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import org.springframework.util.unit.DataSize;

/** Checks {@link DataSizeRange}; a missing value is left to {@code @NotNull}. */
public class DataSizeRangeValidator implements ConstraintValidator<DataSizeRange, DataSize> {

	private long min;

	private long max;

	@Override
	public void initialize(DataSizeRange range) {
		this.min = DataSize.parse(range.min()).toBytes();
		this.max = DataSize.parse(range.max()).toBytes();
	}

	@Override
	public boolean isValid(DataSize value, ConstraintValidatorContext context) {
		return value == null || (value.toBytes() >= this.min && value.toBytes() <= this.max);
	}

}
