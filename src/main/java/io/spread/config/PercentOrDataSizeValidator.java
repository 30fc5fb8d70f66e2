package io.spread.config;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import org.springframework.util.unit.DataSize;

/** Checks {@link PercentOrDataSize}; a missing value is left to {@code @NotNull}. */
public class PercentOrDataSizeValidator implements ConstraintValidator<PercentOrDataSize, String> {

	private long minSize;

	@Override
	public void initialize(PercentOrDataSize constraint) {
		this.minSize = DataSize.parse(constraint.minSize()).toBytes();
	}

	@Override
	public boolean isValid(String value, ConstraintValidatorContext context) {
		if (value == null) {
			return true;
		}
		try {
			long bytes = toBytes(value, 0);
			return isPercentage(value) || bytes >= this.minSize;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * The bytes a valid value stands for.
	 * @param value a percentage such as {@code 50%}, or a size such as {@code 512MB}
	 * @param whole the bytes that {@code 100%} stands for
	 * @throws IllegalArgumentException if the value is neither, or a percentage outside 1 to 100
	 */
	public static long toBytes(String value, long whole) {
		String text = value.strip();
		if (isPercentage(text)) {
			int percent = Integer.parseInt(text.substring(0, text.length() - 1));
			if (percent < 1 || percent > 100) {
				throw new IllegalArgumentException("'" + value + "' is not a percentage from 1% to 100%");
			}
			return whole / 100 * percent;
		}
		return DataSize.parse(text).toBytes();
	}

	private static boolean isPercentage(String value) {
		return value.strip().endsWith("%");
	}

}
