package org.discardsearch.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class McNemarTestTest {

    @Test
    void oneAgainstNineIsTwentyTwoOver1024() {
        // P(X <= 1) for Binomial(10, 1/2) is 11/1024; doubled: 22/1024.
        assertEquals(0.021484375, McNemarTest.pValue(1, 9), 1e-15);
    }

    @Test
    void zeroAgainstFiveIsTwoOverThirtyTwo() {
        assertEquals(0.0625, McNemarTest.pValue(0, 5), 1e-15);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "7, 7", "500000, 500000", "4, 5", "250, 251"})
    void balancedCountsGiveOne(long b, long c) {
        assertEquals(1.0, McNemarTest.pValue(b, c));
    }

    @ParameterizedTest
    @CsvSource({"1, 9", "3, 17", "40, 60", "480, 520", "120, 200", "4900, 5100", "0, 1000"})
    void matchesExactRationalArithmetic(long b, long c) {
        double expected = exactPValue(b, c);
        double actual = McNemarTest.pValue(b, c);
        assertEquals(expected, actual, expected * 1e-12, "b = " + b + ", c = " + c);
        assertEquals(actual, McNemarTest.pValue(c, b), "symmetric in b and c");
    }

    @ParameterizedTest
    @CsvSource({"499000, 501000", "498000, 502000", "497500, 502500", "1, 999999"})
    void matchesALogSpaceSumForAMillionPairs(long b, long c) {
        double expected = logSpacePValue(b, c);
        // The reference's log factorials near 1.3e7 carry absolute errors near 1e-9, hence the tolerance.
        assertEquals(expected, McNemarTest.pValue(b, c), expected * 1e-8, "b = " + b + ", c = " + c);
    }

    @ParameterizedTest
    @CsvSource({
        // 2 * exp(lgamma(n+1) - lgamma(k+1) - lgamma(n-k+1) - n log 2) * (backward tail sum), at 40 digits (mpmath)
        "499000, 501000, 0.04560829986538208642",
        "498000, 502000, 0.000063609337500824885264",
        "497500, 502500, 5.7625416377406040726e-7",
        "495000, 505000, 1.5381555043907351894e-23",
        "9800, 10200, 0.0047808894559026435021",
    })
    void matchesFortyDigitReferenceValues(long b, long c, double expected) {
        assertEquals(expected, McNemarTest.pValue(b, c), expected * 1e-11, "b = " + b + ", c = " + c);
    }

    @Test
    void aMillionPairsWithAOnePercentGapIsSignificant() {
        double p = McNemarTest.pValue(495_000, 505_000);
        assertTrue(p > 0 && p < 1e-20, "p = " + p);
    }

    @Test
    void trillionsOfPairsDoNotOverflow() {
        // n = 2e12 + 1e6, z = (1e6 - 1) / sqrt(n) = 0.7071, two-sided normal tail 0.4795.
        double p = McNemarTest.pValue(1_000_000_000_000L, 1_000_001_000_000L);
        assertEquals(0.4795, p, 1e-3);
    }

    @Test
    void anUnderflowingPValueIsZeroNotNaN() {
        assertEquals(0.0, McNemarTest.pValue(0, 5000));
    }

    @Test
    void rejectsNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> McNemarTest.pValue(-1, 3));
    }

    private static double exactPValue(long b, long c) {
        int n = (int) (b + c);
        int k = (int) Math.min(b, c);
        BigInteger tail = BigInteger.ZERO;
        BigInteger choose = BigInteger.ONE;
        for (int i = 0; i <= k; i++) {
            tail = tail.add(choose);
            choose = choose.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        BigDecimal p = new BigDecimal(tail.shiftLeft(1)).divide(new BigDecimal(BigInteger.ONE.shiftLeft(n)),
                MathContext.DECIMAL128);
        return Math.min(1.0, p.doubleValue());
    }

    /**
     * Sums exp(log C(n, i) - n log 2) for i <= k with log factorials from a cumulative table, compensated
     * (Neumaier) so that a million rounded additions do not drift.
     */
    private static double logSpacePValue(long b, long c) {
        int n = (int) (b + c);
        int k = (int) Math.min(b, c);
        double[] logFactorial = new double[n + 1];
        double sum = 0;
        double compensation = 0;
        for (int i = 1; i <= n; i++) {
            double term = Math.log(i);
            double next = sum + term;
            compensation += Math.abs(sum) >= Math.abs(term) ? (sum - next) + term : (term - next) + sum;
            sum = next;
            logFactorial[i] = sum + compensation;
        }
        double[] logTerms = new double[k + 1];
        double largest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= k; i++) {
            logTerms[i] = logFactorial[n] - logFactorial[i] - logFactorial[n - i] - n * Math.log(2);
            largest = Math.max(largest, logTerms[i]);
        }
        double scaled = 0;
        for (double logTerm : logTerms) {
            scaled += Math.exp(logTerm - largest);
        }
        return Math.min(1.0, 2 * Math.exp(largest) * scaled);
    }
}
