/** Text-specific training methods: SSMix (saliency-guided span replacement). */
package io.mixkit.text.strategy;
